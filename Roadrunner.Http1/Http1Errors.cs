namespace Roadrunner.Http1;

/// <summary>
/// The constant reasons carried by <see cref="Http1Error.Reason"/>, each naming the RFC rule that was broken.
/// Compare an error's reason with these (reference or ordinal equality) to tell rejections apart.
/// </summary>
public static class Http1Errors
{
    // ---- Message syntax (RFC 9112 §2) ----

    /// <summary>400: a CR that is not followed by LF.</summary>
    public const string BareCarriageReturn = "RFC 9112 §2.2: CR not followed by LF";

    /// <summary>400: a line terminated by LF alone (the MAY-accept leniency of §2.2 is not taken).</summary>
    public const string BareLineFeed = "RFC 9112 §2.2: line terminated by a bare LF";

    /// <summary>400: more empty lines before the request-line than the bounded number ignored.</summary>
    public const string TooManyEmptyLines = "RFC 9112 §2.2: too many empty lines before the request-line";

    // ---- Request line (RFC 9112 §3) ----

    /// <summary>414: the request-line is longer than <see cref="Http1Options.MaxRequestLineLength"/>.</summary>
    public const string RequestLineTooLong = "RFC 9112 §3: request-line longer than the server's limit";

    /// <summary>400: the request-line is not method SP request-target SP HTTP-version CRLF.</summary>
    public const string RequestLineInvalid = "RFC 9112 §3: request-line is not method SP request-target SP HTTP-version";

    /// <summary>400: the method is not a token.</summary>
    public const string MethodInvalid = "RFC 9112 §3.1: method is not a token";

    /// <summary>400: the request-target holds a byte outside the URI grammar (SP, CTL, non-ASCII, or a delimiter URIs never contain).</summary>
    public const string TargetInvalidCharacter = "RFC 9112 §3.2: request-target contains a character outside the URI grammar";

    /// <summary>400: the request-target carries a fragment.</summary>
    public const string TargetFragment = "RFC 9112 §3.2: request-target contains a fragment ('#')";

    /// <summary>400: a '%' not followed by two hexadecimal digits.</summary>
    public const string TargetInvalidPercentEncoding = "RFC 9112 §3.2 (RFC 3986 §2.1): '%' not followed by two hex digits";

    /// <summary>400: the origin-form path or query holds a character only allowed elsewhere in a URI.</summary>
    public const string OriginFormInvalid = "RFC 9112 §3.2.1: origin-form is not absolute-path [ \"?\" query ]";

    /// <summary>400: the absolute-form is not scheme "://" authority path-abempty [ "?" query ].</summary>
    public const string AbsoluteFormInvalid = "RFC 9112 §3.2.2: absolute-form is not a valid absolute-URI";

    /// <summary>400: the absolute-form carries userinfo ("user@host").</summary>
    public const string TargetUserInfo = "RFC 9110 §4.2.4: userinfo in an http(s) URI is treated as an error";

    /// <summary>400: CONNECT with a target that is not host:port.</summary>
    public const string ConnectRequiresAuthorityForm = "RFC 9112 §3.2.3: CONNECT requires authority-form (uri-host \":\" port)";

    /// <summary>400: "*" with a method other than OPTIONS.</summary>
    public const string AsteriskFormRequiresOptions = "RFC 9112 §3.2.4: asterisk-form is only used with OPTIONS";

    /// <summary>400: the HTTP-version is not "HTTP/" DIGIT "." DIGIT.</summary>
    public const string VersionInvalid = "RFC 9112 §2.3: HTTP-version is not \"HTTP/\" DIGIT \".\" DIGIT";

    /// <summary>505: a well-formed version other than HTTP/1.0 and HTTP/1.1.</summary>
    public const string VersionNotSupported = "RFC 9110 §15.6.6: HTTP version not supported (only HTTP/1.0 and HTTP/1.1)";

    // ---- Field lines (RFC 9112 §5, RFC 9110 §5) ----

    /// <summary>431: one field line is longer than <see cref="Http1Options.MaxHeaderLineLength"/>.</summary>
    public const string HeaderLineTooLong = "RFC 6585 §5: header field line longer than the server's limit";

    /// <summary>431: the header section is longer than <see cref="Http1Options.MaxHeaderBlockLength"/>.</summary>
    public const string HeaderSectionTooLarge = "RFC 6585 §5: header section larger than the server's limit";

    /// <summary>431: more fields than <see cref="Http1Options.MaxHeaderCount"/>.</summary>
    public const string TooManyHeaders = "RFC 6585 §5: more header fields than the server's limit";

    /// <summary>400: a line that starts with SP or HTAB (obs-fold, or whitespace after the start-line).</summary>
    public const string ObsFold = "RFC 9112 §5.2: field line starting with whitespace (obs-fold) is rejected";

    /// <summary>400: a field line without a colon.</summary>
    public const string FieldMissingColon = "RFC 9112 §5: field line has no ':'";

    /// <summary>400: whitespace between the field name and the colon.</summary>
    public const string WhitespaceBeforeColon = "RFC 9112 §5.1: whitespace between field name and colon";

    /// <summary>400: an empty field name.</summary>
    public const string FieldNameEmpty = "RFC 9110 §5.1: empty field name";

    /// <summary>400: a field name that is not a token.</summary>
    public const string FieldNameInvalid = "RFC 9110 §5.1: field name is not a token";

    /// <summary>400: a field value holding NUL, CR, LF or another control character except HTAB.</summary>
    public const string FieldValueInvalid = "RFC 9110 §5.5: field value contains a control character";

    // ---- Host (RFC 9112 §3.2) ----

    /// <summary>400: an HTTP/1.1 request without Host.</summary>
    public const string HostMissing = "RFC 9112 §3.2: HTTP/1.1 request without a Host field";

    /// <summary>400: more than one Host field line.</summary>
    public const string HostDuplicate = "RFC 9112 §3.2: more than one Host field";

    /// <summary>400: a Host value that is not uri-host [ ":" port ].</summary>
    public const string HostInvalid = "RFC 9112 §3.2: Host is not uri-host [ \":\" port ]";

    // ---- Body framing (RFC 9112 §6, RFC 9110 §8.6) ----

    /// <summary>400: a Content-Length that is not 1*DIGIT (or a list of one repeated value).</summary>
    public const string ContentLengthInvalid = "RFC 9110 §8.6: Content-Length is not a valid decimal";

    /// <summary>400: several different Content-Length values.</summary>
    public const string ContentLengthConflict = "RFC 9112 §6.3: differing Content-Length values";

    /// <summary>413: a declared Content-Length above <see cref="Http1Options.MaxContentLength"/>.</summary>
    public const string ContentLengthTooLarge = "RFC 9110 §15.5.14: Content-Length exceeds the server's limit";

    /// <summary>400: both Transfer-Encoding and Content-Length.</summary>
    public const string TransferEncodingWithContentLength = "RFC 9112 §6.3: Transfer-Encoding with Content-Length";

    /// <summary>400: a Transfer-Encoding whose final coding is not chunked.</summary>
    public const string ChunkedNotFinal = "RFC 9112 §6.3: chunked is not the final transfer coding";

    /// <summary>400: chunked applied more than once.</summary>
    public const string ChunkedMoreThanOnce = "RFC 9112 §6.1: chunked applied more than once";

    /// <summary>400: a Transfer-Encoding value that is not a list of transfer codings.</summary>
    public const string TransferEncodingInvalid = "RFC 9112 §6.1: Transfer-Encoding is not a list of transfer codings";

    /// <summary>501: a transfer coding the server does not implement.</summary>
    public const string TransferCodingNotImplemented = "RFC 9112 §6.1: transfer coding not understood";

    /// <summary>400: Transfer-Encoding in an HTTP/1.0 request.</summary>
    public const string TransferEncodingInHttp10 = "RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request";

    // ---- Chunked coding (RFC 9112 §7.1) ----

    /// <summary>400: a chunk-size that is not 1*HEXDIG (whitespace, sign, "0x", empty).</summary>
    public const string ChunkSizeInvalid = "RFC 9112 §7.1: chunk-size is not 1*HEXDIG";

    /// <summary>400: a chunk-size of more than 16 hex digits or above the largest representable length.</summary>
    public const string ChunkSizeOverflow = "RFC 9112 §7.1: chunk-size overflows";

    /// <summary>400: a chunk extension outside the chunk-ext grammar.</summary>
    public const string ChunkExtensionInvalid = "RFC 9112 §7.1.1: invalid chunk extension";

    /// <summary>400: a chunk line longer than <see cref="Http1Options.MaxChunkLineLength"/>.</summary>
    public const string ChunkLineTooLong = "RFC 9112 §7.1.1: chunk line longer than the server's limit";

    /// <summary>400: chunk data not followed by CRLF.</summary>
    public const string ChunkDataNotTerminated = "RFC 9112 §7.1: chunk data not followed by CRLF";

    /// <summary>413: the body grew past <see cref="Http1Options.MaxContentLength"/>.</summary>
    public const string BodyTooLarge = "RFC 9110 §15.5.14: body exceeds the server's limit";

    /// <summary>431: the trailer section is longer than <see cref="Http1Options.MaxTrailerBlockLength"/>.</summary>
    public const string TrailerSectionTooLarge = "RFC 9112 §7.1.2: trailer section larger than the server's limit";

    /// <summary>431: more trailer fields than <see cref="Http1Options.MaxTrailerCount"/>.</summary>
    public const string TooManyTrailers = "RFC 9112 §7.1.2: more trailer fields than the server's limit";
}
