namespace Roadrunner.Server.Sse;

/// <summary>Bounds applied to server-sent event request headers.</summary>
public sealed record SseOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static SseOptions Default { get; } = new();

    /// <summary>Longest <c>Last-Event-ID</c> value, in characters. Default 1024; over it: <see cref="LastEventIdError.TooLong"/>.</summary>
    public int MaxLastEventIdLength { get; init; } = 1024;
}
