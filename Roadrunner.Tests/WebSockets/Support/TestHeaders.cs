using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Tests.WebSockets.Support;

/// <summary>Request fields for handshake tests: name/value pairs, looked up case-insensitively and combined in order.</summary>
internal sealed class TestHeaders(params (string Name, string Value)[] fields) : IHandshakeHeaders
{
    public string? GetCombined(string name)
    {
        var values = fields.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>The §1.3 example request's fields, plus <paramref name="extra"/>, minus any named in <paramref name="without"/>.</summary>
    public static TestHeaders Upgrade(IEnumerable<(string, string)>? extra = null, params string[] without)
    {
        (string Name, string Value)[] sample =
        [
            ("Host", "server.example.com"),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Origin", "http://example.com"),
            ("Sec-WebSocket-Version", "13"),
        ];
        return new TestHeaders([.. sample.Where(f => !without.Contains(f.Name, StringComparer.OrdinalIgnoreCase)), .. extra ?? []]);
    }
}
