using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Frames;

/// <content>One parser per frame type, each under the RFC's diagram for it.</content>
public ref partial struct QuicFrameReader
{
    // §19.3:
    // ACK Frame {
    //   Type (i) = 0x02..0x03,
    //   Largest Acknowledged (i),
    //   ACK Delay (i),
    //   ACK Range Count (i),
    //   First ACK Range (i),
    //   ACK Range (..) ...,            ACK Range { Gap (i), ACK Range Length (i) }
    //   [ECN Counts (..)],             ECN Counts { ECT0 Count (i), ECT1 Count (i), ECN-CE Count (i) }
    // }
    private QuicError ReadAck(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong largest) || !_reader.TryReadVarint(out ulong delay)
            || !_reader.TryReadVarint(out ulong count) || !_reader.TryReadVarint(out ulong firstRange))
        {
            return Truncated(type);
        }

        // Each Gap / ACK Range pair takes at least two bytes, so a count the payload cannot hold is a truncated frame;
        // checking it first bounds the walk below by the payload size, whatever count the peer claims.
        if (count > (ulong)_reader.Remaining / 2) return Truncated(type);

        // §19.3.1: "If any computed packet number is negative, an endpoint MUST generate a connection error of type
        // FRAME_ENCODING_ERROR."
        if (firstRange > largest) return QuicError.FrameEncoding(type, QuicErrors.AckRangeUnderflow);

        int rangesStart = _reader.Position;
        ulong smallest = largest - firstRange;
        for (ulong i = 0; i < count; i++)
        {
            if (!_reader.TryReadVarint(out ulong gap) || !_reader.TryReadVarint(out ulong length)) return Truncated(type);

            // §19.3.1: "largest = previous_smallest - gap - 2", "smallest = largest - ack_range".
            if (smallest < 2 || gap > smallest - 2) return QuicError.FrameEncoding(type, QuicErrors.AckRangeUnderflow);
            ulong rangeLargest = smallest - gap - 2;
            if (length > rangeLargest) return QuicError.FrameEncoding(type, QuicErrors.AckRangeUnderflow);
            smallest = rangeLargest - length;
        }

        var ranges = _payload[rangesStart.._reader.Position];
        QuicEcnCounts ecn = default;
        if (type == 0x03)
        {
            if (!_reader.TryReadVarint(out ulong ect0) || !_reader.TryReadVarint(out ulong ect1) || !_reader.TryReadVarint(out ulong ce)) return Truncated(type);
            ecn = new QuicEcnCounts(ect0, ect1, ce);
        }

        frame = new QuicFrame
        {
            Type = (QuicFrameType)type,
            RawType = type,
            LargestAcknowledged = largest,
            AckDelay = delay,
            AckRangeCount = count,
            FirstAckRange = firstRange,
            AckRangeBytes = ranges,
            EcnCounts = ecn,
        };
        return default;
    }

    // §19.4: RESET_STREAM Frame { Type (i) = 0x04, Stream ID (i), Application Protocol Error Code (i), Final Size (i) }
    private QuicError ReadResetStream(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong streamId) || !_reader.TryReadVarint(out ulong code) || !_reader.TryReadVarint(out ulong finalSize)) return Truncated(0x04);
        frame = new QuicFrame { Type = QuicFrameType.RESET_STREAM, RawType = 0x04, StreamId = streamId, ErrorCode = code, FinalSize = finalSize };
        return default;
    }

    // §19.5: STOP_SENDING Frame { Type (i) = 0x05, Stream ID (i), Application Protocol Error Code (i) }
    private QuicError ReadStopSending(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong streamId) || !_reader.TryReadVarint(out ulong code)) return Truncated(0x05);
        frame = new QuicFrame { Type = QuicFrameType.STOP_SENDING, RawType = 0x05, StreamId = streamId, ErrorCode = code };
        return default;
    }

    // §19.6: CRYPTO Frame { Type (i) = 0x06, Offset (i), Length (i), Crypto Data (..) }
    private QuicError ReadCrypto(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong offset) || !_reader.TryReadVarintPrefixed(out var data)) return Truncated(0x06);

        // §19.6: "The largest offset delivered on a stream -- the sum of the offset and data length -- cannot exceed
        // 2^62-1. Receipt of a frame that exceeds this limit MUST be treated as a connection error of type
        // FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED." The codec sees it first, as an encoding error.
        if (offset + (ulong)data.Length > Varint.MaxValue) return QuicError.FrameEncoding(0x06, QuicErrors.CryptoOffsetTooLarge);
        frame = new QuicFrame { Type = QuicFrameType.CRYPTO, RawType = 0x06, Offset = offset, Data = data };
        return default;
    }

    // §19.7: NEW_TOKEN Frame { Type (i) = 0x07, Token Length (i), Token (..) }
    private QuicError ReadNewToken(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarintPrefixed(out var token)) return Truncated(0x07);

        // §19.7: "A client MUST treat receipt of a NEW_TOKEN frame with an empty Token field as a connection error of
        // type FRAME_ENCODING_ERROR."
        if (token.IsEmpty) return QuicError.FrameEncoding(0x07, QuicErrors.NewTokenEmpty);
        frame = new QuicFrame { Type = QuicFrameType.NEW_TOKEN, RawType = 0x07, Data = token };
        return default;
    }

    // §19.8:
    // STREAM Frame {
    //   Type (i) = 0x08..0x0f,         0x04 OFF, 0x02 LEN, 0x01 FIN
    //   Stream ID (i),
    //   [Offset (i)],
    //   [Length (i)],
    //   Stream Data (..),
    // }
    private QuicError ReadStream(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong streamId)) return Truncated(type);
        ulong offset = 0;
        if ((type & 0x04) != 0 && !_reader.TryReadVarint(out offset)) return Truncated(type);

        // §19.8: "When the LEN bit is set to 0, the Stream Data field consumes all the remaining bytes in the packet."
        ReadOnlySpan<byte> data;
        if ((type & 0x02) != 0)
        {
            if (!_reader.TryReadVarintPrefixed(out data)) return Truncated(type);
        }
        else
        {
            _reader.ReadToEnd(out data);
        }

        // §19.8: "The largest offset delivered on a stream -- the sum of the offset and data length -- cannot exceed
        // 2^62-1, as it is not possible to provide flow control credit for that data. Receipt of a frame that exceeds
        // this limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR or FLOW_CONTROL_ERROR."
        if (offset + (ulong)data.Length > Varint.MaxValue) return QuicError.FrameEncoding(type, QuicErrors.StreamOffsetTooLarge);
        frame = new QuicFrame { Type = QuicFrameType.STREAM, RawType = type, StreamId = streamId, Offset = offset, Data = data, IsFin = (type & 0x01) != 0 };
        return default;
    }

    // §19.9: MAX_DATA Frame { Type (i) = 0x10, Maximum Data (i) }
    // §19.12: DATA_BLOCKED Frame { Type (i) = 0x14, Maximum Data (i) }
    private QuicError ReadLimit(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong limit)) return Truncated(type);
        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type, Limit = limit };
        return default;
    }

    // §19.10: MAX_STREAM_DATA Frame { Type (i) = 0x11, Stream ID (i), Maximum Stream Data (i) }
    // §19.13: STREAM_DATA_BLOCKED Frame { Type (i) = 0x15, Stream ID (i), Maximum Stream Data (i) }
    private QuicError ReadStreamLimit(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong streamId) || !_reader.TryReadVarint(out ulong limit)) return Truncated(type);
        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type, StreamId = streamId, Limit = limit };
        return default;
    }

    // §19.11: MAX_STREAMS Frame { Type (i) = 0x12..0x13, Maximum Streams (i) }
    // §19.14: STREAMS_BLOCKED Frame { Type (i) = 0x16..0x17, Maximum Streams (i) }
    private QuicError ReadStreamsLimit(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong limit)) return Truncated(type);

        // §19.11: "This value cannot exceed 2^60 ... Receipt of a frame that permits opening of a stream larger than this
        // limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR." §19.14 says the same of
        // STREAMS_BLOCKED ("STREAM_LIMIT_ERROR or FRAME_ENCODING_ERROR").
        if (limit > MaxStreams)
        {
            return QuicError.FrameEncoding(type, type <= 0x13 ? QuicErrors.MaxStreamsTooLarge : QuicErrors.StreamsBlockedTooLarge);
        }

        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type, Limit = limit };
        return default;
    }

    // §19.15:
    // NEW_CONNECTION_ID Frame {
    //   Type (i) = 0x18,
    //   Sequence Number (i),
    //   Retire Prior To (i),
    //   Length (8),
    //   Connection ID (8..160),
    //   Stateless Reset Token (128),
    // }
    private QuicError ReadNewConnectionId(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong sequence) || !_reader.TryReadVarint(out ulong retirePriorTo) || !_reader.TryReadByte(out byte length)) return Truncated(0x18);

        // §19.15: "Values less than 1 and greater than 20 are invalid and MUST be treated as a connection error of type
        // FRAME_ENCODING_ERROR."
        if (length is < 1 or > 20) return QuicError.FrameEncoding(0x18, QuicErrors.NewConnectionIdLengthInvalid);
        if (!_reader.TryReadBytes(length, out var connectionId) || !_reader.TryReadBytes(StatelessResetTokenLength, out var token)) return Truncated(0x18);

        // §19.15: "Receiving a value in the Retire Prior To field that is greater than that in the Sequence Number field
        // MUST be treated as a connection error of type FRAME_ENCODING_ERROR."
        if (retirePriorTo > sequence) return QuicError.FrameEncoding(0x18, QuicErrors.NewConnectionIdRetirePriorToTooLarge);

        frame = new QuicFrame
        {
            Type = QuicFrameType.NEW_CONNECTION_ID,
            RawType = 0x18,
            SequenceNumber = sequence,
            RetirePriorTo = retirePriorTo,
            ConnectionId = connectionId,
            StatelessResetToken = token,
        };
        return default;
    }

    // §19.16: RETIRE_CONNECTION_ID Frame { Type (i) = 0x19, Sequence Number (i) }
    private QuicError ReadRetireConnectionId(out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong sequence)) return Truncated(0x19);
        frame = new QuicFrame { Type = QuicFrameType.RETIRE_CONNECTION_ID, RawType = 0x19, SequenceNumber = sequence };
        return default;
    }

    // §19.17: PATH_CHALLENGE Frame { Type (i) = 0x1a, Data (64) }
    // §19.18: PATH_RESPONSE Frame { Type (i) = 0x1b, Data (64) }
    private QuicError ReadPath(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadBytes(PathDataLength, out var data)) return Truncated(type);
        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type, Data = data };
        return default;
    }

    // §19.19:
    // CONNECTION_CLOSE Frame {
    //   Type (i) = 0x1c..0x1d,
    //   Error Code (i),
    //   [Frame Type (i)],              only in type 0x1c
    //   Reason Phrase Length (i),
    //   Reason Phrase (..),
    // }
    private QuicError ReadConnectionClose(ulong type, out QuicFrame frame)
    {
        frame = default;
        if (!_reader.TryReadVarint(out ulong code)) return Truncated(type);
        ulong triggeringType = 0;
        if (type == 0x1c && !_reader.TryReadVarint(out triggeringType)) return Truncated(type);
        if (!_reader.TryReadVarintPrefixed(out var reason)) return Truncated(type);
        frame = new QuicFrame { Type = (QuicFrameType)type, RawType = type, ErrorCode = code, TriggeringFrameType = triggeringType, ReasonPhrase = reason };
        return default;
    }
}
