using Roadrunner.Quic.Buffers;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Frames;

/// <summary>
/// Reads the frames of one decrypted packet payload (RFC 9000 §12.4, §19), checking each against the packet type it
/// arrived in (Table 3). Errors are values carrying the transport error code a CONNECTION_CLOSE must send; after an
/// error the reader stops, since the connection is closing.
/// </summary>
/// <example>
/// <code>
/// var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
/// while (reader.TryReadFrame(out var frame, out var error))
/// {
///     if (frame.Type == QuicFrameType.STREAM) { /* frame.StreamId, frame.Offset, frame.Data, frame.IsFin */ }
/// }
/// if (!error.IsNone) { /* send CONNECTION_CLOSE with error.Code, error.FrameType, error.Reason */ }
/// </code>
/// </example>
public ref partial struct QuicFrameReader
{
    /// <summary>Stream counts above 2^60 would allow stream IDs that cannot be encoded (§4.6, §19.11, §19.14).</summary>
    public const ulong MaxStreams = 1UL << 60;

    /// <summary>The size of a NEW_CONNECTION_ID frame's Stateless Reset Token (§19.15).</summary>
    public const int StatelessResetTokenLength = 16;

    /// <summary>The size of PATH_CHALLENGE / PATH_RESPONSE data (§19.17).</summary>
    public const int PathDataLength = 8;

    private readonly ReadOnlySpan<byte> _payload;
    private readonly QuicPacketType _packetType;
    private QuicSpanReader _reader;
    private int _frames;
    private bool _stopped;

    /// <summary>Reads the frames of <paramref name="payload"/>, which arrived in a packet of <paramref name="packetType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="packetType"/> carries no frames (Retry, Version Negotiation).</exception>
    public QuicFrameReader(ReadOnlySpan<byte> payload, QuicPacketType packetType)
    {
        if (packetType is not (QuicPacketType.Initial or QuicPacketType.ZeroRtt or QuicPacketType.Handshake or QuicPacketType.OneRtt))
        {
            throw new ArgumentOutOfRangeException(nameof(packetType), packetType, "Only Initial, 0-RTT, Handshake and 1-RTT packets carry frames.");
        }

        _payload = payload;
        _packetType = packetType;
        _reader = new QuicSpanReader(payload);
        _frames = 0;
        _stopped = false;
    }

    /// <summary>Bytes of the payload read so far.</summary>
    public readonly int Position => _reader.Position;

    /// <summary>
    /// Reads the next frame. Returns true with a frame; false with no error at the end of the payload; false with an
    /// error when the payload breaks a rule.
    /// </summary>
    public bool TryReadFrame(out QuicFrame frame, out QuicError error)
    {
        frame = default;
        error = default;
        if (_stopped) return false;
        if (_reader.Remaining == 0)
        {
            _stopped = true;

            // §12.4: "An endpoint MUST treat receipt of a packet containing no frames as a connection error of type PROTOCOL_VIOLATION."
            if (_frames == 0) error = QuicError.Of(QuicTransportErrorCode.PROTOCOL_VIOLATION, QuicErrors.PacketWithoutFrames);
            return false;
        }

        error = ReadFrame(out frame);
        if (!error.IsNone)
        {
            _stopped = true;
            frame = default;
            return false;
        }

        _frames++;
        return true;
    }

    private QuicError ReadFrame(out QuicFrame frame)
    {
        frame = default;
        int start = _reader.Position;
        if (!_reader.TryReadVarint(out ulong type, out int typeLength)) return QuicError.FrameEncoding(0, QuicErrors.FrameTruncated);

        // §12.4: "An endpoint MUST treat the receipt of a frame of unknown type as a connection error of type FRAME_ENCODING_ERROR."
        if (!QuicFrameRules.IsKnown(type)) return QuicError.FrameEncoding(type, QuicErrors.FrameTypeUnknown);

        // §12.4: frame types "MUST be encoded in the shortest form ... An endpoint MAY treat the receipt of a frame type
        // that uses a longer encoding than necessary as a connection error of type PROTOCOL_VIOLATION."
        if (typeLength != Varint.GetLength(type)) return QuicError.ProtocolViolation(type, QuicErrors.FrameTypeNotMinimal);

        // §12.4: "An endpoint MUST treat receipt of a frame in a packet type that is not permitted as a connection
        // error of type PROTOCOL_VIOLATION."
        if (!QuicFrameRules.IsAllowed(type, _packetType)) return QuicError.ProtocolViolation(type, QuicErrors.FrameNotAllowedInPacketType);

        return type switch
        {
            0x00 => ReadPadding(_payload, start, out frame),
            0x01 or 0x1e => Simple(type, out frame),
            0x02 or 0x03 => ReadAck(type, out frame),
            0x04 => ReadResetStream(out frame),
            0x05 => ReadStopSending(out frame),
            0x06 => ReadCrypto(out frame),
            0x07 => ReadNewToken(out frame),
            >= 0x08 and <= 0x0f => ReadStream(type, out frame),
            0x10 or 0x14 => ReadLimit(type, out frame),
            0x11 or 0x15 => ReadStreamLimit(type, out frame),
            0x12 or 0x13 or 0x16 or 0x17 => ReadStreamsLimit(type, out frame),
            0x18 => ReadNewConnectionId(out frame),
            0x19 => ReadRetireConnectionId(out frame),
            0x1a or 0x1b => ReadPath(type, out frame),
            _ => ReadConnectionClose(type, out frame),
        };
    }

    private static QuicError Truncated(ulong type) => QuicError.FrameEncoding(type, QuicErrors.FrameTruncated);

    private static QuicError Simple(ulong type, out QuicFrame frame)
    {
        // §19.2 PING Frame { Type (i) = 0x01 }; §19.20 HANDSHAKE_DONE Frame { Type (i) = 0x1e }.
        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type };
        return default;
    }

    // §19.1: PADDING Frame { Type (i) = 0x00 }. A run of them is reported as one frame whose Data is the run.
    private QuicError ReadPadding(ReadOnlySpan<byte> payload, int start, out QuicFrame frame)
    {
        var rest = _reader.Rest;
        int run = rest.IndexOfAnyExcept((byte)0);
        if (run < 0) run = rest.Length;
        _reader.TryReadBytes((ulong)run, out _);
        frame = new QuicFrame { Type = QuicFrameType.PADDING, RawType = 0, Data = payload[start.._reader.Position] };
        return default;
    }
}
