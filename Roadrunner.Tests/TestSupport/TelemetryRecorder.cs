using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Tests.TestSupport;

/// <summary>One measurement of a Roadrunner instrument.</summary>
internal sealed record MeasurementRecord(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public object? Tag(string name) => Tags.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// Listens to the Roadrunner meter and activity source, keeping only what one listener (by name) records, so tests
/// running in parallel with other listeners do not see each other's telemetry.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<MeasurementRecord> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryRecorder(string listenerName)
    {
        ListenerName = listenerName;
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoadrunnerTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RoadrunnerTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("roadrunner.listener") as string == listenerName) _stopped.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public string ListenerName { get; }

    public IReadOnlyList<MeasurementRecord> Measurements => [.. _measurements];

    public IReadOnlyList<Activity> StoppedActivities => [.. _stopped];

    public IReadOnlyList<MeasurementRecord> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of every measurement of <paramref name="instrument"/> (a counter's total, an up-down counter's level).</summary>
    public double Sum(string instrument) => _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in tags) dict[k] = v;
        if (dict.TryGetValue("listener", out var l) && l as string == ListenerName) _measurements.Enqueue(new(instrument.Name, value, dict));
    }
}
