using Roadrunner.Http3;
using Shouldly;

namespace Roadrunner.Tests.Http3.Support;

/// <summary>
/// One connection driven with raw peer octets. For a server the peer's streams are 0, 4, 8 (requests) and 2, 6, 10
/// (unidirectional); for a client the peer's unidirectional streams are 3, 7, 11. Events and outputs are copied out
/// after every call.
/// </summary>
internal sealed class ServerHarness : IDisposable
{
    public const long ClientControl = 2;

    public ServerHarness(Http3Options? options = null, bool openControl = true, Http3Role role = Http3Role.Server)
    {
        Connection = new Http3Connection(role, options ?? new Http3Options { GreaseSeed = 1 });
        Connection.Start();
        Drain();
        Outputs.Clear();
        PeerControl = role == Http3Role.Server ? 2 : 3;
        if (openControl) Send(PeerControl, H3Bytes.ControlStream()).IsNone.ShouldBeTrue();
        Events.Clear();
    }

    /// <summary>A client connection driven with raw server octets.</summary>
    public static ServerHarness Client(bool openControl = true) => new(new Http3Options { GreaseSeed = 3 }, openControl, Http3Role.Client);

    /// <summary>The peer's control stream ID.</summary>
    public long PeerControl { get; }

    /// <summary>The peer's n-th unidirectional stream ID (0 is the control stream).</summary>
    public long PeerUni(int n) => PeerControl + (4L * n);

    public Http3Connection Connection { get; }

    public List<RecordedEvent> Events { get; } = [];

    public List<RecordedOutput> Outputs { get; } = [];

    public Http3Error Send(long streamId, byte[] data, bool fin = false)
    {
        var error = Connection.Receive(streamId, data, fin);
        Drain();
        return error;
    }

    /// <summary>Feeds octets one at a time, as the smallest QUIC STREAM frames would bring them.</summary>
    public Http3Error SendByteByByte(long streamId, byte[] data, bool fin = false)
    {
        var error = Http3Error.None;
        for (int i = 0; i < data.Length && error.IsNone; i++) error = Send(streamId, [data[i]], fin && i == data.Length - 1);
        if (data.Length == 0) error = Send(streamId, [], fin);
        return error;
    }

    public Http3Error Reset(long streamId, Http3ErrorCode code)
    {
        var error = Connection.StreamReset(streamId, (ulong)code);
        Drain();
        return error;
    }

    public Http3Error StopSending(long streamId, Http3ErrorCode code)
    {
        var error = Connection.StopSending(streamId, (ulong)code);
        Drain();
        return error;
    }

    public void Drain()
    {
        while (Connection.TryReadEvent(out var e)) Events.Add(RecordedEvent.From(e));
        while (Connection.TryReadOutput(out var o)) Outputs.Add(RecordedOutput.From(o));
    }

    /// <summary>Asserts a connection error with exactly this code and reason, and that CONNECTION_CLOSE carries it.</summary>
    public void ShouldBeConnectionError(Http3Error error, Http3ErrorCode code, string? reason = null)
    {
        error.IsConnectionError.ShouldBeTrue(error.ToString());
        error.Code.ShouldBe(code);
        if (reason is not null) error.Reason.ShouldBe(reason);
        var close = Outputs.ShouldHaveSingleItem(o => o.Kind == Http3OutputKind.CloseConnection);
        close.Code.ShouldBe(code);
        Events.ShouldContain(e => e.Kind == Http3EventKind.ConnectionError && e.Code == code);
        Connection.IsClosed.ShouldBeTrue();
    }

    /// <summary>Asserts a stream error: RESET_STREAM and STOP_SENDING with the code on that stream, the connection open.</summary>
    public void ShouldBeStreamError(Http3Error error, long streamId, Http3ErrorCode code, string? reason = null, bool stopSending = true)
    {
        error.IsConnectionError.ShouldBeFalse(error.ToString());
        error.Code.ShouldBe(code);
        if (reason is not null) error.Reason.ShouldBe(reason);
        Outputs.ShouldContain(o => o.Kind == Http3OutputKind.ResetStream && o.StreamId == streamId && o.Code == code);
        if (stopSending) Outputs.ShouldContain(o => o.Kind == Http3OutputKind.StopSending && o.StreamId == streamId && o.Code == code);
        Outputs.ShouldNotContain(o => o.Kind == Http3OutputKind.CloseConnection);
        Connection.IsClosed.ShouldBeFalse();
    }

    public void Dispose() => Connection.Dispose();
}

/// <summary>Extension so a single matching item can be asserted with a predicate.</summary>
internal static class ShouldlyExtras
{
    public static T ShouldHaveSingleItem<T>(this IEnumerable<T> items, Func<T, bool> predicate)
    {
        var matching = items.Where(predicate).ToList();
        matching.Count.ShouldBe(1);
        return matching[0];
    }
}
