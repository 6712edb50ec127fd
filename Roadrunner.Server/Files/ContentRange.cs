using System.Globalization;

namespace Roadrunner.Server.Files;

/// <summary>The <c>Content-Range</c> field value for byte ranges (RFC 9110 §14.4).</summary>
public static class ContentRange
{
    /// <summary><c>bytes first-last/size</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless <c>0 &lt;= start &lt;= end &lt; size</c>.</exception>
    public static string Format(long start, long end, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, end);
        return string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{size}");
    }

    /// <summary><c>bytes first-last/size</c> for <paramref name="range"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within <paramref name="size"/>.</exception>
    public static string Format(ByteRange range, long size) => Format(range.Start, range.End, size);

    /// <summary><c>bytes */size</c>, for a 416 answer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static string FormatUnsatisfied(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return string.Create(CultureInfo.InvariantCulture, $"bytes */{size}");
    }
}
