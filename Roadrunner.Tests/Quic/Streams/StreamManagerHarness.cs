using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Streams;

namespace Roadrunner.Tests.Quic.Streams;

/// <summary>A stream manager with its event queue, and frame dispatch as a connection would do it.</summary>
internal sealed class StreamManagerHarness
{
    public static readonly QuicStreamLimits DefaultLimits = new(MaxData: 1 << 20, MaxStreamDataBidiLocal: 1 << 16, MaxStreamDataBidiRemote: 1 << 16, MaxStreamDataUni: 1 << 16, MaxStreamsBidi: 4, MaxStreamsUni: 4);

    public StreamManagerHarness(QuicRole role, QuicStreamLimits? local = null, QuicStreamLimits? peer = null, ulong sendBufferLimit = 1 << 20)
    {
        Manager = new QuicStreamManager(role, local ?? DefaultLimits, sendBufferLimit, Events);
        Manager.SetPeerLimits(peer ?? DefaultLimits);
    }

    public Queue<QuicConnectionEvent> Events { get; } = new();

    public QuicStreamManager Manager { get; }

    public List<QuicSentFrame> LastSent { get; } = [];

    /// <summary>Everything the manager wants to send, as one payload.</summary>
    public byte[] Flush(int size = 1200)
    {
        var buffer = new byte[size];
        LastSent.Clear();
        int written = Manager.WriteFrames(buffer, LastSent);
        return buffer[..written];
    }

    /// <summary>Delivers a payload's frames as a connection would; returns the first error.</summary>
    public QuicError Deliver(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return default;
        }

        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        while (reader.TryReadFrame(out var frame, out var error))
        {
            var result = Dispatch(frame);
            if (!result.IsNone)
            {
                return result;
            }
        }

        return default;
    }

    public QuicError Dispatch(in QuicFrame frame) => frame.Type switch
    {
        QuicFrameType.STREAM => Manager.OnStreamFrame(frame.StreamId, frame.Offset, frame.Data, frame.IsFin),
        QuicFrameType.RESET_STREAM => Manager.OnResetStream(frame.StreamId, frame.ErrorCode, frame.FinalSize),
        QuicFrameType.STOP_SENDING => Manager.OnStopSending(frame.StreamId, frame.ErrorCode),
        QuicFrameType.MAX_STREAM_DATA => Manager.OnMaxStreamData(frame.StreamId, frame.Limit),
        QuicFrameType.STREAM_DATA_BLOCKED => Manager.OnStreamDataBlocked(frame.StreamId),
        QuicFrameType.MAX_DATA => MaxData(Manager, frame.Limit),
        QuicFrameType.MAX_STREAMS_BIDI or QuicFrameType.MAX_STREAMS_UNI => Do(Manager, frame.IsBidirectional, frame.Limit),
        _ => default,
    };

    private static QuicError MaxData(QuicStreamManager manager, ulong limit)
    {
        manager.OnMaxData(limit);
        return default;
    }

    private static QuicError Do(QuicStreamManager manager, bool bidirectional, ulong limit)
    {
        manager.OnMaxStreams(bidirectional, limit);
        return default;
    }

    public void AckAll()
    {
        foreach (var frame in LastSent)
        {
            Manager.OnFrameAcknowledged(frame);
        }
    }

    public void LoseAll()
    {
        foreach (var frame in LastSent)
        {
            Manager.OnFrameLost(frame);
        }
    }

    public List<QuicConnectionEvent> DrainEvents()
    {
        var list = new List<QuicConnectionEvent>();
        while (Events.TryDequeue(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    public static byte[] StreamFrame(ulong id, ulong offset, ReadOnlySpan<byte> data, bool fin)
    {
        var buffer = new byte[data.Length + 32];
        QuicFrameWriter.TryWriteStream(buffer, id, offset, data, fin, out int written);
        return buffer[..written];
    }
}
