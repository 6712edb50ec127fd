namespace Roadrunner.Server.Listening;

/// <summary>A snapshot of a listener's counters.</summary>
/// <param name="ActiveClients">Connections open now.</param>
/// <param name="MaxClients">The connection cap.</param>
/// <param name="RequestsServed">Requests answered since start.</param>
/// <param name="Rejected">Connections closed at once because the cap was reached.</param>
/// <param name="Throttled">Requests refused by a concurrency limit.</param>
public readonly record struct ListenerInfo(int ActiveClients, int MaxClients, long RequestsServed, long Rejected, long Throttled);
