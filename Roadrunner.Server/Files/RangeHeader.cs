namespace Roadrunner.Server.Files;

/// <summary>
/// Evaluates a <c>Range</c> header against a representation of known size (RFC 9110 §14.1, §14.2).
/// Never throws on client input.
/// </summary>
/// <remarks>
/// <code>
/// ranges-specifier = range-unit "=" range-set      ; range-unit case-insensitive, only "bytes" understood
/// range-set        = 1#range-spec
/// range-spec       = first-pos "-" [ last-pos ]  /  "-" suffix-length
/// </code>
/// Policy, chosen against range-based denial of service:
/// <list type="bullet">
/// <item>Syntactically invalid (a last-pos below its first-pos, a non-digit, an empty set), another unit, or more
/// than <see cref="RangeOptions.MaxRanges"/> range-specs: <see cref="RangeOutcome.Ignored"/>, send the full 200.</item>
/// <item>Range-specs that do not overlap the representation are dropped; if none is left,
/// <see cref="RangeOutcome.Unsatisfiable"/> (416). A zero-length representation has no satisfiable int-range; a
/// suffix-range on it is formally satisfiable but selects nothing, so it is <see cref="RangeOutcome.Ignored"/>
/// (send the empty 200).</item>
/// <item>Last positions past the end are clipped; numbers too large for <see cref="long"/> saturate.</item>
/// <item>When satisfiable ranges overlap, touch or lie within <see cref="RangeOptions.MaxCoalesceGap"/> bytes of each
/// other, all ranges are sorted and merged, so no byte is sent twice. Otherwise they keep the order of the header,
/// as §14.2 asks.</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// switch (RangeHeader.TryParse("bytes=0-499, -500", size: 10_000, RangeOptions.Default, out var ranges))
/// {
///     case RangeOutcome.Satisfiable:   // ranges: [0-499], [9500-9999]
///     case RangeOutcome.Unsatisfiable: // 416, Content-Range: bytes */10000
///     case RangeOutcome.Ignored:       // 200 with the full body
/// }
/// </code>
/// </example>
public static class RangeHeader
{
    /// <summary>Evaluates <paramref name="fieldValue"/> for a representation of <paramref name="size"/> bytes.</summary>
    /// <param name="fieldValue">The <c>Range</c> field value.</param>
    /// <param name="size">The representation length in bytes.</param>
    /// <param name="options">The limits.</param>
    /// <param name="ranges">The ranges to send when the result is <see cref="RangeOutcome.Satisfiable"/>; otherwise empty.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static RangeOutcome TryParse(ReadOnlySpan<char> fieldValue, long size, RangeOptions options, out ByteRange[] ranges)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ranges = [];
        var value = fieldValue.Trim(" \t");
        var equals = value.IndexOf('=');
        if (equals <= 0 || !value[..equals].Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return RangeOutcome.Ignored;
        }

        Span<ByteRange> found = options.MaxRanges <= 64 ? stackalloc ByteRange[options.MaxRanges] : new ByteRange[options.MaxRanges];
        var satisfiable = 0;
        var specs = 0;
        var emptySuffix = false;
        var rest = value[(equals + 1)..];
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var spec = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (spec.IsEmpty)
            {
                continue;
            }

            if (++specs > options.MaxRanges)
            {
                return RangeOutcome.Ignored;
            }

            var dash = spec.IndexOf('-');
            if (dash < 0)
            {
                return RangeOutcome.Ignored;
            }

            if (dash == 0)
            {
                // suffix-range: the last suffix-length bytes.
                if (!TryDigits(spec[1..], out var suffix))
                {
                    return RangeOutcome.Ignored;
                }

                if (suffix == 0)
                {
                    continue;
                }

                if (size == 0)
                {
                    emptySuffix = true;
                    continue;
                }

                found[satisfiable++] = new ByteRange(Math.Max(0, size - suffix), size - 1);
                continue;
            }

            if (!TryDigits(spec[..dash], out var first))
            {
                return RangeOutcome.Ignored;
            }

            var lastText = spec[(dash + 1)..];
            var last = long.MaxValue;
            if (!lastText.IsEmpty && !TryDigits(lastText, out last))
            {
                return RangeOutcome.Ignored;
            }

            if (last < first)
            {
                return RangeOutcome.Ignored;
            }

            if (first >= size)
            {
                continue;
            }

            found[satisfiable++] = new ByteRange(first, Math.Min(last, size - 1));
        }

        if (specs == 0)
        {
            return RangeOutcome.Ignored;
        }

        if (satisfiable == 0)
        {
            return emptySuffix ? RangeOutcome.Ignored : RangeOutcome.Unsatisfiable;
        }

        ranges = Coalesce(found[..satisfiable], options.MaxCoalesceGap);
        return RangeOutcome.Satisfiable;
    }

    private static ByteRange[] Coalesce(Span<ByteRange> ranges, long gap)
    {
        if (ranges.Length == 1)
        {
            return [ranges[0]];
        }

        Span<ByteRange> sorted = ranges.Length <= 64 ? stackalloc ByteRange[ranges.Length] : new ByteRange[ranges.Length];
        ranges.CopyTo(sorted);
        sorted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merge = false;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Start - sorted[i - 1].End - 1 <= gap)
            {
                merge = true;
                break;
            }
        }

        if (!merge)
        {
            return ranges.ToArray();
        }

        var merged = new List<ByteRange>(sorted.Length);
        var current = sorted[0];
        for (var i = 1; i < sorted.Length; i++)
        {
            var next = sorted[i];
            if (next.Start - current.End - 1 <= gap)
            {
                current = new ByteRange(current.Start, Math.Max(current.End, next.End));
            }
            else
            {
                merged.Add(current);
                current = next;
            }
        }

        merged.Add(current);
        return [.. merged];
    }

    // 1*DIGIT, saturating at long.MaxValue.
    private static bool TryDigits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var d = c - '0';
            value = value > (long.MaxValue - d) / 10 ? long.MaxValue : (value * 10) + d;
        }

        return true;
    }
}
