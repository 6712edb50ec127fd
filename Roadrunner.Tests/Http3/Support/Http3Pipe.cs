using Roadrunner.Http3;

namespace Roadrunner.Tests.Http3.Support;

/// <summary>
/// Our client and server connections joined in memory through the abstract stream interface: each side's outputs are
/// delivered to the other as stream input, resets and stop-sendings. Stream octets can be held back per stream to
/// reorder delivery (e.g. hold the QPACK encoder stream so a request blocks).
/// </summary>
internal sealed class Http3Pipe : IDisposable
{
    private readonly List<(long StreamId, byte[] Data, bool Fin)> _heldForServer = [];

    public Http3Pipe(Http3Options? serverOptions = null, Http3Options? clientOptions = null)
    {
        Server = new Http3Connection(Http3Role.Server, serverOptions ?? new Http3Options { GreaseSeed = 1 });
        Client = new Http3Connection(Http3Role.Client, clientOptions ?? new Http3Options { GreaseSeed = 2 });
        Server.Start();
        Client.Start();
        Pump();
    }

    public Http3Connection Server { get; }

    public Http3Connection Client { get; }

    public List<RecordedEvent> ServerEvents { get; } = [];

    public List<RecordedEvent> ClientEvents { get; } = [];

    public List<RecordedOutput> ServerOutputs { get; } = [];

    public List<RecordedOutput> ClientOutputs { get; } = [];

    /// <summary>Client streams whose octets are held instead of delivered to the server.</summary>
    public HashSet<long> HoldToServer { get; } = [];

    /// <summary>Delivers everything pending in both directions until both sides are quiet.</summary>
    public void Pump()
    {
        bool moved = true;
        while (moved)
        {
            moved = false;
            while (Client.TryReadOutput(out var o))
            {
                moved = true;
                var copy = RecordedOutput.From(o);
                ClientOutputs.Add(copy);
                if (copy.Kind == Http3OutputKind.StreamData && HoldToServer.Contains(copy.StreamId))
                {
                    _heldForServer.Add((copy.StreamId, copy.Data, copy.Fin));
                    continue;
                }
                Deliver(Server, copy, ServerEvents);
            }
            while (Server.TryReadOutput(out var o))
            {
                moved = true;
                var copy = RecordedOutput.From(o);
                ServerOutputs.Add(copy);
                Deliver(Client, copy, ClientEvents);
            }
        }
    }

    /// <summary>Releases the octets held for the server on <paramref name="streamId"/> and pumps.</summary>
    public void Release(long streamId)
    {
        HoldToServer.Remove(streamId);
        foreach (var (id, data, fin) in _heldForServer.Where(h => h.StreamId == streamId).ToList())
        {
            Deliver(Server, new RecordedOutput(Http3OutputKind.StreamData, id, data, fin, 0, null), ServerEvents);
        }
        _heldForServer.RemoveAll(h => h.StreamId == streamId);
        Pump();
    }

    private static void Deliver(Http3Connection to, RecordedOutput output, List<RecordedEvent> events)
    {
        switch (output.Kind)
        {
            case Http3OutputKind.StreamData:
                to.Receive(output.StreamId, output.Data, output.Fin);
                break;
            case Http3OutputKind.ResetStream:
                to.StreamReset(output.StreamId, (ulong)output.Code);
                break;
            case Http3OutputKind.StopSending:
                to.StopSending(output.StreamId, (ulong)output.Code);
                break;
            default:
                break;
        }
        while (to.TryReadEvent(out var e)) events.Add(RecordedEvent.From(e));
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
