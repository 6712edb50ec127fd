using System.Buffers;
using Roadrunner.Http2;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>
/// A client-role and a server-role connection joined in memory, with a fake clock in milliseconds. Each pump moves
/// what one side wrote to the other until both are quiet; handlers see every event as it is read.
/// </summary>
internal sealed class Http2Pipe : IDisposable
{
    public Http2Pipe(Http2Options? clientOptions = null, Http2Options? serverOptions = null)
    {
        Client = new Http2Connection(Http2Role.Client, (clientOptions ?? new Http2Options()) with { TimestampFrequency = 1000 }, Now);
        Server = new Http2Connection(Http2Role.Server, (serverOptions ?? new Http2Options()) with { TimestampFrequency = 1000 }, Now);
    }

    public Http2Connection Client { get; }

    public Http2Connection Server { get; }

    /// <summary>The fake clock, in milliseconds.</summary>
    public long Now { get; private set; }

    /// <summary>While true, what the server writes stays in the server (a client that reads nothing).</summary>
    public bool HoldServerOutput { get; set; }

    public List<EventRecord> ClientEvents { get; } = [];

    public List<EventRecord> ServerEvents { get; } = [];

    /// <summary>Bytes moved each way so far.</summary>
    public long ClientToServerBytes { get; private set; }

    public long ServerToClientBytes { get; private set; }

    public Action<Http2Connection, Http2Event>? OnServerEvent { get; set; }

    public Action<Http2Connection, Http2Event>? OnClientEvent { get; set; }

    /// <summary>Moves bytes both ways until neither side has output (or a side closed).</summary>
    public void Pump(int maxRounds = 10_000)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            bool moved = Move(Client, Server, ServerEvents, OnServerEvent, toServer: true);
            if (!HoldServerOutput) moved |= Move(Server, Client, ClientEvents, OnClientEvent, toServer: false);
            Drain(Client, ClientEvents, OnClientEvent);
            Drain(Server, ServerEvents, OnServerEvent);
            if (!moved && !Client.HasPendingOutput && (HoldServerOutput || !Server.HasPendingOutput)) return;
        }

        throw new InvalidOperationException("The pipe did not settle.");
    }

    /// <summary>Moves the clock and fires both sides' timers.</summary>
    public void Advance(long milliseconds)
    {
        Now += milliseconds;
        Client.OnTimeout(Now);
        Server.OnTimeout(Now);
        Drain(Client, ClientEvents, OnClientEvent);
        Drain(Server, ServerEvents, OnServerEvent);
    }

    private bool Move(Http2Connection from, Http2Connection to, List<EventRecord> events, Action<Http2Connection, Http2Event>? handler, bool toServer)
    {
        if (!from.HasPendingOutput) return false;
        var buffer = new ArrayBufferWriter<byte>();
        int length = from.WritePending(buffer);
        if (toServer) ClientToServerBytes += length;
        else ServerToClientBytes += length;
        if (!to.IsClosed) to.Receive(buffer.WrittenSpan, Now);
        Drain(to, events, handler);
        return true;
    }

    private static void Drain(Http2Connection connection, List<EventRecord> events, Action<Http2Connection, Http2Event>? handler)
    {
        while (connection.TryReadEvent(out var e))
        {
            events.Add(EventRecord.From(e));
            handler?.Invoke(connection, e);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
