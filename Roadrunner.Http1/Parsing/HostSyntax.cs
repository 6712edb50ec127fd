using System.Buffers;
using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Validates <c>uri-host [ ":" port ]</c> (RFC 9112 §3.2, RFC 3986 §3.2.2–§3.2.3) for the Host field, the
/// authority of absolute-form and the authority-form of CONNECT.
/// <code>
/// uri-host    = IP-literal / IPv4address / reg-name
/// IP-literal  = "[" ( IPv6address / IPvFuture  ) "]"
/// reg-name    = *( unreserved / pct-encoded / sub-delims )
/// port        = *DIGIT
/// </code>
/// </summary>
internal static class HostSyntax
{
    // RFC 3986 §3.2.2: reg-name characters (IPv4address is a subset of them); '%' is checked for two hex digits.
    private static readonly SearchValues<byte> RegNameChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%"u8);

    // RFC 3986 §3.2.2: IPv6address is HEXDIG, ':' and '.' (an embedded IPv4 address).
    private static readonly SearchValues<byte> Ipv6Chars = SearchValues.Create("0123456789ABCDEFabcdef:."u8);

    // RFC 3986 §3.2.2: IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
    private static readonly SearchValues<byte> IpvFutureChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:"u8);

    /// <summary>
    /// True when <paramref name="value"/> is <c>uri-host [ ":" port ]</c>. With <paramref name="requireHostAndPort"/>
    /// (CONNECT, RFC 9110 §9.3.6) the host must be non-empty and the port present and non-empty.
    /// </summary>
    internal static bool IsValid(ReadOnlySpan<byte> value, bool requireHostAndPort)
    {
        int hostEnd;
        if (!value.IsEmpty && value[0] == (byte)'[')
        {
            int close = value.IndexOf((byte)']');
            if (close < 0 || !IsValidIpLiteral(value[1..close])) return false;
            hostEnd = close + 1;
        }
        else
        {
            int stop = value.IndexOfAnyExcept(RegNameChars);
            hostEnd = stop < 0 ? value.Length : stop;
            if (!IsValidPercentEncoding(value[..hostEnd])) return false;
        }

        if (requireHostAndPort && hostEnd == 0) return false;
        var rest = value[hostEnd..];
        if (rest.IsEmpty) return !requireHostAndPort;
        if (rest[0] != (byte)':') return false;
        var port = rest[1..];
        if (port.ContainsAnyExcept(Digits)) return false;
        return !requireHostAndPort || !port.IsEmpty;
    }

    /// <summary>RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG.</summary>
    internal static bool IsValidPercentEncoding(ReadOnlySpan<byte> value)
    {
        int i = value.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (i + 2 >= value.Length || HexValue(value[i + 1]) < 0 || HexValue(value[i + 2]) < 0) return false;
            value = value[(i + 3)..];
            i = value.IndexOf((byte)'%');
        }
        return true;
    }

    private static bool IsValidIpLiteral(ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty) return false;
        if (literal[0] is (byte)'v' or (byte)'V')
        {
            int dot = literal.IndexOf((byte)'.');
            return dot > 1
                && !literal[1..dot].ContainsAnyExcept(HexDigits)
                && dot + 1 < literal.Length
                && !literal[(dot + 1)..].ContainsAnyExcept(IpvFutureChars);
        }
        // A full IPv6 grammar check is left to whoever resolves the address; the characters and the presence of
        // a ':' are enough to keep delimiters and injection out.
        return literal.Contains((byte)':') && !literal.ContainsAnyExcept(Ipv6Chars);
    }
}
