using System.Buffers;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Classifies and checks a request-target whose bytes already passed the URI character check
/// (RFC 9112 §3.2).
/// <code>
/// request-target = origin-form / absolute-form / authority-form / asterisk-form
/// origin-form    = absolute-path [ "?" query ]          ; §3.2.1
/// absolute-form  = absolute-URI                          ; §3.2.2
/// authority-form = uri-host ":" port                     ; §3.2.3, CONNECT only
/// asterisk-form  = "*"                                   ; §3.2.4, OPTIONS only
/// </code>
/// </summary>
internal static class RequestTargetParser
{
    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
    private static readonly SearchValues<byte> SchemeChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-."u8);

    // RFC 3986 §3.3–§3.4: path and query are pchar / "/" / "?"; of the URI characters only the gen-delims
    // '[' and ']' cannot appear there ('#' was already refused).
    private static readonly SearchValues<byte> NotInPathOrQuery = SearchValues.Create("[]"u8);

    /// <summary>
    /// Checks <c>buffer[start..end]</c> as the target of <paramref name="head"/>'s method and fills the form,
    /// path and query. Returns null, or the reason for a 400.
    /// </summary>
    internal static string? Parse(ReadOnlySpan<byte> buffer, int start, int end, RequestHead head)
    {
        var target = buffer[start..end];
        if (!HostSyntax.IsValidPercentEncoding(target)) return Http1Errors.TargetInvalidPercentEncoding;

        if (head.Method == KnownMethod.Connect)
        {
            // RFC 9112 §3.2.3: "The authority-form of request-target is only used for CONNECT requests" and a
            // CONNECT request-target is always host:port (RFC 9110 §9.3.6: a client MUST send the port).
            if (!HostSyntax.IsValid(target, requireHostAndPort: true)) return Http1Errors.ConnectRequiresAuthorityForm;
            head.TargetForm = RequestTargetForm.Authority;
            head.PathOffset = start;
            head.PathLength = target.Length;
            return null;
        }

        if (target[0] == (byte)'/')
        {
            head.TargetForm = RequestTargetForm.Origin;
            return SplitPathAndQuery(buffer, start, end, head, Http1Errors.OriginFormInvalid);
        }

        if (target.Length == 1 && target[0] == (byte)'*')
        {
            // RFC 9112 §3.2.4: "The asterisk-form of request-target is only used for a server-wide OPTIONS request."
            if (head.Method != KnownMethod.Options) return Http1Errors.AsteriskFormRequiresOptions;
            head.TargetForm = RequestTargetForm.Asterisk;
            head.PathOffset = start;
            head.PathLength = 1;
            return null;
        }

        return ParseAbsoluteForm(buffer, start, end, head);
    }

    private static string? ParseAbsoluteForm(ReadOnlySpan<byte> buffer, int start, int end, RequestHead head)
    {
        // RFC 9112 §3.2.2: absolute-form = absolute-URI; an HTTP server sees http(s) URIs, which always carry an
        // authority: scheme "://" authority path-abempty [ "?" query ].
        var target = buffer[start..end];
        if (!char.IsAsciiLetter((char)target[0])) return Http1Errors.AbsoluteFormInvalid;
        int colon = target.IndexOfAnyExcept(SchemeChars);
        if (colon < 0 || !target[colon..].StartsWith("://"u8)) return Http1Errors.AbsoluteFormInvalid;

        int authorityStart = colon + 3;
        int authorityLength = target[authorityStart..].IndexOfAny((byte)'/', (byte)'?');
        if (authorityLength < 0) authorityLength = target.Length - authorityStart;
        var authority = target.Slice(authorityStart, authorityLength);

        // RFC 9110 §4.2.4: "a recipient SHOULD parse for userinfo and treat its presence as an error".
        if (authority.Contains((byte)'@')) return Http1Errors.TargetUserInfo;
        if (!HostSyntax.IsValid(authority, requireHostAndPort: false)) return Http1Errors.AbsoluteFormInvalid;

        head.TargetForm = RequestTargetForm.Absolute;
        return SplitPathAndQuery(buffer, start + authorityStart + authorityLength, end, head, Http1Errors.AbsoluteFormInvalid);
    }

    private static string? SplitPathAndQuery(ReadOnlySpan<byte> buffer, int pathStart, int end, RequestHead head, string invalid)
    {
        var rest = buffer[pathStart..end];
        if (rest.ContainsAny(NotInPathOrQuery)) return invalid;
        int question = rest.IndexOf((byte)'?');
        head.PathOffset = pathStart;
        if (question < 0)
        {
            head.PathLength = rest.Length;
            return null;
        }
        head.PathLength = question;
        head.QueryOffset = pathStart + question + 1;
        head.QueryLength = rest.Length - question - 1;
        return null;
    }
}
