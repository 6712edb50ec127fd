namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// The request's header fields, as the handshake reads them; implemented over whatever the server parsed
/// (HTTP/1.1 fields, or HTTP/2 / HTTP/3 fields with their pseudo-headers).
/// </summary>
public interface IHandshakeHeaders
{
    /// <summary>
    /// All values of the field <paramref name="name"/> (matched case-insensitively), joined in order with
    /// <c>", "</c> (RFC 9110 §5.3), or null when the field is absent. Pseudo-header fields (<c>:method</c>,
    /// <c>:protocol</c> ...) are looked up by their names for the extended CONNECT checks.
    /// </summary>
    string? GetCombined(string name);
}
