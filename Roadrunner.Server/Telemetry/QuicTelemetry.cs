using System.Diagnostics.Metrics;

namespace Roadrunner.Server.Telemetry;

/// <summary>
/// The instruments of the HTTP/3 listener's QUIC handshake guard, on the <see cref="RoadrunnerTelemetry.Meter"/>:
/// Retry packets sent and handshakes dropped. Nothing is recorded when nobody listens.
/// </summary>
internal static class QuicTelemetry
{
    internal static readonly Counter<long> RetriesSent = RoadrunnerTelemetry.Meter.CreateCounter<long>(
        "roadrunner.quic.retries", "{packet}", "Retry packets sent to make a new HTTP/3 client prove its address (RFC 9000 §8.1.2).");

    internal static readonly Counter<long> HandshakesDropped = RoadrunnerTelemetry.Meter.CreateCounter<long>(
        "roadrunner.quic.handshakes.dropped", "{connection}", "HTTP/3 handshakes dropped, with the reason: timeout (not completed in time) or full (a cap was reached).");

    internal static void Retries(string listener, long count)
    {
        if (count > 0 && RetriesSent.Enabled) RetriesSent.Add(count, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void Dropped(string listener, string reason, long count)
    {
        if (count > 0 && HandshakesDropped.Enabled) HandshakesDropped.Add(count, new("listener", listener), new("reason", reason));
    }
}
