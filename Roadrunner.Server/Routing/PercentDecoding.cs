using System.Text;

namespace Roadrunner.Server.Routing;

/// <summary>Percent-decoding of one path segment (RFC 3986 §2.1) into UTF-8 text.</summary>
internal static class PercentDecoding
{
    /// <summary>Decodes <paramref name="segment"/>; a malformed escape or invalid UTF-8 is kept as sent.</summary>
    public static string DecodeSegment(ReadOnlySpan<byte> segment)
    {
        if (segment.IndexOf((byte)'%') < 0) return Encoding.ASCII.GetString(segment);
        Span<byte> buffer = segment.Length <= 256 ? stackalloc byte[segment.Length] : new byte[segment.Length];
        var n = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var b = segment[i];
            if (b == '%' && i + 2 < segment.Length && TryHex(segment[i + 1], segment[i + 2], out var v))
            {
                buffer[n++] = v;
                i += 2;
            }
            else if (b == '%')
            {
                return Encoding.ASCII.GetString(segment);
            }
            else
            {
                buffer[n++] = b;
            }
        }

        return System.Text.Unicode.Utf8.IsValid(buffer[..n]) ? Encoding.UTF8.GetString(buffer[..n]) : Encoding.ASCII.GetString(segment);
    }

    private static bool TryHex(byte hi, byte lo, out byte value)
    {
        var h = HexValue(hi);
        var l = HexValue(lo);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
