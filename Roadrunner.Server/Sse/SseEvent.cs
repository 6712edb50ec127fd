namespace Roadrunner.Server.Sse;

/// <summary>
/// One server-sent event (WHATWG HTML §9.2.5). Every field is optional; <see cref="SseWriter.Format"/> writes the
/// ones that are set. Fields are validated when written, not here.
/// </summary>
public readonly record struct SseEvent
{
    /// <summary>The event type (<c>event:</c>); null means the default <c>message</c>. No CR, LF or NUL.</summary>
    public string? Event { get; init; }

    /// <summary>The data (<c>data:</c>); multi-line text becomes one <c>data:</c> line per line (split on CRLF, LF and CR).</summary>
    public string? Data { get; init; }

    /// <summary>The event id (<c>id:</c>); empty resets the client's last event id. No CR, LF or NUL.</summary>
    public string? Id { get; init; }

    /// <summary>The reconnection time (<c>retry:</c>), written in whole milliseconds; must not be negative.</summary>
    public TimeSpan? Retry { get; init; }

    /// <summary>A comment (<c>: text</c>) written before the fields; multi-line text becomes one comment line per line.</summary>
    public string? Comment { get; init; }
}
