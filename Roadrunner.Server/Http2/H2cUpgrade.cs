using System.Buffers.Text;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Http2;

/// <summary>
/// Recognises an HTTP/1.1 request that asks to switch to HTTP/2 over cleartext (RFC 7540 §3.2): <c>Upgrade</c> lists
/// <c>h2c</c>, <c>Connection</c> lists both <c>Upgrade</c> and <c>HTTP2-Settings</c>, and exactly one
/// <c>HTTP2-Settings</c> holds a base64url SETTINGS payload.
/// </summary>
internal static class H2cUpgrade
{
    /// <summary>The answer that switches protocols; the response to the request follows on stream 1.</summary>
    public static ReadOnlySpan<byte> SwitchingProtocols => "HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n"u8;

    /// <summary>The decoded HTTP2-Settings when <paramref name="headers"/> ask for h2c correctly; null otherwise (the request is then served as HTTP/1.1).</summary>
    public static byte[]? TryGetSettings(RequestHeaders headers)
    {
        if (!ListsToken(headers.GetCombined("upgrade"), "h2c")) return null;
        var connection = headers.GetCombined("connection");
        // RFC 7540 §3.2.1: "a client sending the HTTP2-Settings header field MUST also send HTTP2-Settings as a
        // connection option in the Connection header field".
        if (!ListsToken(connection, "upgrade") || !ListsToken(connection, "http2-settings")) return null;
        // RFC 7540 §3.2.1: "A server MUST NOT upgrade the connection to HTTP/2 if this header field is not present or
        // if more than one is present."
        var values = headers.GetAll("http2-settings");
        if (values.Count != 1) return null;
        var text = values[0].Trim();
        var settings = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        return Base64Url.TryDecodeFromChars(text, settings, out var written) ? settings.AsSpan(0, written).ToArray() : null;
    }

    /// <summary>Whether a comma-separated token list holds <paramref name="token"/> (case-insensitive, RFC 9110 §5.6.1).</summary>
    private static bool ListsToken(string? list, string token)
    {
        if (list is null) return false;
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
