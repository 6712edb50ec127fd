using System.Buffers.Binary;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>PING frames (RFC 9113 §6.7).</summary>
public sealed partial class Http2Connection
{
    private void OnPing(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2PingFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        if (frame.IsAck)
        {
            // RFC 9113 §6.7: "An endpoint MUST NOT respond to PING frames containing this flag."
            if (_goAway == GoAwayState.Draining && frame.OpaqueData == ShutdownPingData) SendFinalGoAway();
            Enqueue(new Http2Event(Http2EventKind.PingAcknowledged, data: _arena.Copy(payload)));
            return;
        }

        if (!CountFlood(ref _pingCount, _options.MaxPingsPerInterval, Http2Errors.PingFlood)) return;

        // RFC 9113 §6.7: "Receivers of a PING frame that does not include an ACK flag MUST send a PING frame with the
        // ACK flag set in response, with an identical frame payload."
        Http2PingFrame.Write(_output, frame.OpaqueData, ack: true);
        Enqueue(new Http2Event(Http2EventKind.PingReceived, data: _arena.Copy(payload)));
    }

    /// <summary>Sends a PING; its acknowledgment comes back as <see cref="Http2EventKind.PingAcknowledged"/> (RTT, liveness).</summary>
    public void SendPing(ulong opaqueData)
    {
        ThrowIfDisposed();
        if (_closed) return;
        Http2PingFrame.Write(_output, opaqueData, ack: false);
    }

    /// <summary>The opaque data of the PING that follows the first GOAWAY of a graceful shutdown: "GOAWAY!\0" big-endian.</summary>
    private static ulong ShutdownPingData => BinaryPrimitives.ReadUInt64BigEndian("GOAWAY!\0"u8);
}
