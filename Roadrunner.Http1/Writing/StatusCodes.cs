namespace Roadrunner.Http1.Writing;

/// <summary>Standard reason phrases for HTTP status codes (RFC 9110 §15 and the IANA status code registry).</summary>
public static class StatusCodes
{
    /// <summary>
    /// The reason phrase registered for <paramref name="status"/>, or an empty string for an unregistered code
    /// (RFC 9112 §4: "A client SHOULD ignore the reason-phrase content"; an empty one is valid).
    /// </summary>
    public static string ReasonPhrase(int status) => status switch
    {
        // RFC 9110 §15.2 (and RFC 2518, RFC 8297)
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",

        // RFC 9110 §15.3 (and RFC 4918, RFC 5842, RFC 3229)
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",

        // RFC 9110 §15.4 (305 deprecated, 306 unused: no phrase)
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",

        // RFC 9110 §15.5 (and RFC 4918, RFC 8470, RFC 6585, RFC 7725); 418 unused: no phrase
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",

        // RFC 9110 §15.6 (and RFC 2295, RFC 4918, RFC 5842, RFC 2774, RFC 6585)
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => string.Empty,
    };
}
