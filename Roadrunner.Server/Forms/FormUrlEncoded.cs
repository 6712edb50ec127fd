using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Roadrunner.Server.Forms;

/// <summary>
/// The <c>application/x-www-form-urlencoded</c> format (WHATWG URL §5), used by HTML form bodies and query
/// strings. Decoding is stricter than the WHATWG parser: a <c>%</c> not followed by two hexadecimal digits and
/// percent-decoded bytes that are not UTF-8 are errors instead of being passed through or replaced.
/// Pairs are <c>&amp;</c>-separated, empty pieces are skipped, a piece without <c>=</c> is a name with an empty
/// value, <c>+</c> is a space, repeated names are kept in order. The input is the part after <c>?</c> for a
/// query string: a leading <c>?</c> is not stripped. Never throws on client input.
/// </summary>
/// <example>
/// <code>
/// if (FormUrlEncoded.TryDecode("q=caf%C3%A9+au+lait&amp;tag=a&amp;tag=b", out var form, out var error))
/// {
///     string? q = form.Get("q");               // "café au lait"
///     var tags = form.GetAll("tag");           // ["a", "b"]
/// }
/// string body = FormUrlEncoded.Encode([new("q", "café au lait")]);   // "q=caf%C3%A9+au+lait"
/// </code>
/// </example>
public static class FormUrlEncoded
{
    /// <summary>The media type: <c>application/x-www-form-urlencoded</c>.</summary>
    public const string ContentType = "application/x-www-form-urlencoded";

    private static readonly SearchValues<char> PlainChars = SearchValues.Create(MakePlain());
    private static readonly SearchValues<byte> PlainBytes = SearchValues.Create(Encoding.ASCII.GetBytes(MakePlain()));

    /// <summary>Decodes text with the default limits.</summary>
    public static bool TryDecode(ReadOnlySpan<char> input, out FormCollection form, out FormError error)
        => TryDecodeCore(input, FormOptions.Default, out form, out error);

    /// <summary>Decodes text. Characters outside ASCII are taken as the UTF-16 text they are (then UTF-8 for decoding).</summary>
    /// <returns>False, with <see cref="FormCollection.Empty"/> and the reason, when the input is malformed or over a limit.</returns>
    public static bool TryDecode(ReadOnlySpan<char> input, FormOptions options, out FormCollection form, out FormError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryDecodeCore(input, options, out form, out error);
    }

    /// <summary>Decodes bytes (a request body) with the default limits.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out FormCollection form, out FormError error)
        => TryDecodeCore(input, FormOptions.Default, out form, out error);

    /// <summary>Decodes bytes (a request body). Raw bytes above 0x7F must form UTF-8 together with the decoded ones.</summary>
    /// <returns>False, with <see cref="FormCollection.Empty"/> and the reason, when the input is malformed or over a limit.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> input, FormOptions options, out FormCollection form, out FormError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryDecodeCore(input, options, out form, out error);
    }

    /// <summary>
    /// Serializes pairs (WHATWG URL §5.2): UTF-8, space as <c>+</c>, everything but ASCII letters, digits and
    /// <c>*-._</c> percent-encoded with upper-case hex, pairs joined by <c>&amp;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A name or value is null or holds a lone surrogate.</exception>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var builder = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            AppendComponent(builder, pair.Key ?? throw new ArgumentException("A name is null.", nameof(pairs)));
            builder.Append('=');
            AppendComponent(builder, pair.Value ?? throw new ArgumentException("A value is null.", nameof(pairs)));
        }

        return builder.ToString();
    }

    /// <summary>Serializes one name or value the way <see cref="Encode"/> does.</summary>
    /// <exception cref="ArgumentException"><paramref name="component"/> holds a lone surrogate.</exception>
    public static string EncodeComponent(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (!component.AsSpan().ContainsAnyExcept(PlainChars))
        {
            return component;
        }

        var builder = new StringBuilder(component.Length + 16);
        AppendComponent(builder, component);
        return builder.ToString();
    }

    private static void AppendComponent(StringBuilder builder, string text)
    {
        var span = text.AsSpan();
        Span<byte> utf8 = stackalloc byte[4];
        while (!span.IsEmpty)
        {
            var plain = span.IndexOfAnyExcept(PlainChars);
            if (plain < 0)
            {
                builder.Append(span);
                return;
            }

            builder.Append(span[..plain]);
            span = span[plain..];
            if (span[0] == ' ')
            {
                builder.Append('+');
                span = span[1..];
                continue;
            }

            if (Rune.DecodeFromUtf16(span, out var rune, out var used) != OperationStatus.Done)
            {
                throw new ArgumentException("Text holds a lone surrogate and cannot be encoded as UTF-8.", nameof(text));
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                builder.Append('%').Append(HexUpper(utf8[i] >> 4)).Append(HexUpper(utf8[i] & 0xF));
            }

            span = span[used..];
        }
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static string MakePlain()
    {
        var chars = new List<char>();
        for (var c = '0'; c <= '9'; c++)
        {
            chars.Add(c);
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            chars.Add(c);
            chars.Add((char)(c + 32));
        }

        chars.AddRange("*-._");
        return new string([.. chars]);
    }

    private static bool TryDecodeCore<T>(ReadOnlySpan<T> input, FormOptions options, out FormCollection form, out FormError error)
        where T : unmanaged, IBinaryInteger<T>
    {
        form = FormCollection.Empty;
        error = default;
        if (input.IsEmpty)
        {
            return true;
        }

        var amp = T.CreateTruncating('&');
        var eqSign = T.CreateTruncating('=');
        var items = new KeyValuePair<string, string>[Math.Min(input.Count(amp) + 1, options.MaxPairCount)];
        var count = 0;
        byte[]? scratch = null;
        try
        {
            var offset = 0;
            while (offset < input.Length)
            {
                var rest = input[offset..];
                var end = rest.IndexOf(amp);
                var piece = end < 0 ? rest : rest[..end];
                var pieceOffset = offset;
                offset += piece.Length + 1;
                if (piece.IsEmpty)
                {
                    continue;
                }

                if (count == options.MaxPairCount)
                {
                    error = FormError.TooManyPairs(pieceOffset);
                    return false;
                }

                var eq = piece.IndexOf(eqSign);
                var rawKey = eq < 0 ? piece : piece[..eq];
                var rawValue = eq < 0 ? default : piece[(eq + 1)..];
                var valueOffset = pieceOffset + rawKey.Length + 1;
                if (rawKey.Length > options.MaxKeyLength)
                {
                    error = FormError.KeyTooLong(pieceOffset);
                    return false;
                }

                if (rawValue.Length > options.MaxValueLength)
                {
                    error = FormError.ValueTooLong(valueOffset);
                    return false;
                }

                if (!TryDecodeComponent(rawKey, pieceOffset, ref scratch, out var key, out error)
                    || !TryDecodeComponent(rawValue, valueOffset, ref scratch, out var value, out error))
                {
                    return false;
                }

                items[count++] = new KeyValuePair<string, string>(key, value);
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        if (count > 0)
        {
            form = new FormCollection(items, count);
        }

        return true;
    }

    private static bool TryDecodeComponent<T>(ReadOnlySpan<T> raw, int offset, ref byte[]? scratch, out string result, out FormError error)
        where T : unmanaged, IBinaryInteger<T>
    {
        error = default;
        if (raw.IsEmpty)
        {
            result = string.Empty;
            return true;
        }

        // Fast path: nothing to decode.
        if (typeof(T) == typeof(char))
        {
            var chars = MemoryMarshal.Cast<T, char>(raw);
            if (!chars.ContainsAnyExcept(PlainChars) || (!chars.ContainsAny('%', '+') && !chars.ContainsAnyInRange('\uD800', '\uDFFF')))
            {
                result = new string(chars);
                return true;
            }
        }
        else
        {
            var bytes = MemoryMarshal.Cast<T, byte>(raw);
            if (!bytes.ContainsAny((byte)'%', (byte)'+'))
            {
                if (!Utf8.IsValid(bytes))
                {
                    result = string.Empty;
                    error = FormError.InvalidUtf8(offset);
                    return false;
                }

                result = Encoding.UTF8.GetString(bytes);
                return true;
            }
        }

        // A char becomes at most 3 UTF-8 bytes (a surrogate pair, 2 chars, becomes 4).
        var needed = raw.Length * (typeof(T) == typeof(char) ? 3 : 1);
        if (scratch is null || scratch.Length < needed)
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = ArrayPool<byte>.Shared.Rent(needed);
        }

        var n = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var c = int.CreateTruncating(raw[i]);
            if (c == '+')
            {
                scratch[n++] = (byte)' ';
                i++;
            }
            else if (c == '%')
            {
                if (i + 2 >= raw.Length)
                {
                    result = string.Empty;
                    error = FormError.InvalidPercentEncoding(offset);
                    return false;
                }

                var hi = HexValue(int.CreateTruncating(raw[i + 1]));
                var lo = HexValue(int.CreateTruncating(raw[i + 2]));
                if ((hi | lo) < 0)
                {
                    result = string.Empty;
                    error = FormError.InvalidPercentEncoding(offset);
                    return false;
                }

                scratch[n++] = (byte)((hi << 4) | lo);
                i += 3;
            }
            else if (c < 0x80 || typeof(T) == typeof(byte))
            {
                scratch[n++] = (byte)c;
                i++;
            }
            else
            {
                var chars = MemoryMarshal.Cast<T, char>(raw[i..]);
                if (Rune.DecodeFromUtf16(chars, out var rune, out var used) != OperationStatus.Done)
                {
                    result = string.Empty;
                    error = FormError.InvalidUtf8(offset);
                    return false;
                }

                n += rune.EncodeToUtf8(scratch.AsSpan(n));
                i += used;
            }
        }

        var decoded = scratch.AsSpan(0, n);
        if (!Utf8.IsValid(decoded))
        {
            result = string.Empty;
            error = FormError.InvalidUtf8(offset);
            return false;
        }

        result = Encoding.UTF8.GetString(decoded);
        return true;
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
