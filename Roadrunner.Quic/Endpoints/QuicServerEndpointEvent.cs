using Roadrunner.Quic.Connections;

namespace Roadrunner.Quic.Endpoints;

/// <summary>A connection-level event of the endpoint, pulled with <see cref="QuicServerEndpoint.TryReadEvent"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Connection">The connection concerned.</param>
public readonly record struct QuicServerEndpointEvent(QuicServerEndpointEventKind Kind, QuicConnection Connection);
