namespace Roadrunner.Server.Listening;

/// <summary>A snapshot of a listener's counters.</summary>
/// <param name="ActiveClients">Connections open now.</param>
/// <param name="MaxClients">The connection cap.</param>
/// <param name="RequestsServed">Requests answered since start.</param>
/// <param name="Rejected">Connections closed at once because the cap was reached and no idle connection could make room.</param>
/// <param name="Throttled">
/// Requests refused by a concurrency limit: the listener's max_concurrent_requests, one address's share of it, or one
/// connection's stream limit.
/// </param>
/// <param name="Reclaimed">Idle connections closed at the cap to admit a new one.</param>
/// <param name="ShortenedHeadTimeouts">
/// Connections answered 408 by the shortened request timeout while over the high-water mark, before the full timeout.
/// </param>
public readonly record struct ListenerInfo(
    int ActiveClients, int MaxClients, long RequestsServed, long Rejected, long Throttled, long Reclaimed, long ShortenedHeadTimeouts);
