using System.Diagnostics.Metrics;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Demo;

/// <summary>
/// <c>--log-requests</c>: one line on standard output per finished request, read from the server's own
/// <c>http.server.request.duration</c> measurements, so what it prints is what telemetry recorded
/// (for example <c>request: https HTTP/3 GET 200 0.4 ms</c>).
/// </summary>
internal sealed class RequestLog : IDisposable
{
    private const string Instrument = "http.server.request.duration";
    private readonly MeterListener _listener = new();

    public RequestLog()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoadrunnerTelemetry.Name && instrument.Name == Instrument) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    private static void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        object? method = null, status = null, protocol = null, listener = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.request.method": method = tag.Value; break;
                case "http.response.status_code": status = tag.Value; break;
                case "network.protocol.version": protocol = tag.Value; break;
                case "listener": listener = tag.Value; break;
            }
        }

        Console.WriteLine($"request: {listener} HTTP/{protocol} {method} {status} {seconds * 1000:0.0} ms");
    }

    public void Dispose() => _listener.Dispose();
}
