using System.Net;
using System.Net.Sockets;
using Roadrunner.Server.Http3.Udp;

namespace Roadrunner.Tests.Server.Http3.Udp;

/// <summary>An <see cref="IDatagramSink"/> that records each send and segment-size change, and fails on request.</summary>
internal sealed class RecordingSink(bool gsoSupported = true) : IDatagramSink
{
    /// <summary>Every send: its bytes, its peer and the segment size in force.</summary>
    public List<(byte[] Payload, SocketAddress Remote, int Segment)> Sends { get; } = [];

    /// <summary>Every accepted segment-size change, in order.</summary>
    public List<int> SegmentSizes { get; } = [];

    public int Segment { get; private set; }

    /// <summary>When set, sends while a segment size is in force throw this error (a device that cannot offload).</summary>
    public SocketError? FailSegmented { get; set; }

    /// <summary>When set, the next send throws this error whatever the segment size.</summary>
    public SocketError? FailNext { get; set; }

    /// <summary>The sizes of the sends, in order.</summary>
    public int[] Sizes => [.. Sends.Select(s => s.Payload.Length)];

    public void Send(ReadOnlySpan<byte> payload, SocketAddress remote)
    {
        if (FailNext is { } next)
        {
            FailNext = null;
            throw new SocketException((int)next);
        }

        if (Segment > 0 && FailSegmented is { } error) throw new SocketException((int)error);
        Sends.Add((payload.ToArray(), remote, Segment));
    }

    public bool TrySetSegmentSize(int size)
    {
        if (!gsoSupported) return false;
        Segment = size;
        SegmentSizes.Add(size);
        return true;
    }
}
