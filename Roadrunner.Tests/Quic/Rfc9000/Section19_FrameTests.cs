using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §19 (Frame Types and Formats): each frame written, read back, and each malformed form answered with its error code.</summary>
[TestClass]
public sealed class Section19_FrameTests
{
    private delegate bool Write(Span<byte> destination, out int written);

    private static byte[] Bytes(Write write)
    {
        var buffer = new byte[256];
        write(buffer, out int written).ShouldBeTrue();
        buffer.AsSpan(0, written).ToArray().ShouldNotBeEmpty();
        return buffer[..written];
    }

    private static QuicError ErrorOf(byte[] payload, QuicPacketType packetType = QuicPacketType.OneRtt)
    {
        var reader = new QuicFrameReader(payload, packetType);
        QuicError error;
        while (reader.TryReadFrame(out _, out error))
        {
        }

        return error;
    }

    private static void ShouldFail(byte[] payload, QuicTransportErrorCode code, string reason, ulong frameType, QuicPacketType packetType = QuicPacketType.OneRtt)
    {
        var error = ErrorOf(payload, packetType);
        error.Code.ShouldBe(code);
        error.Reason.ShouldBe(reason);
        error.FrameType.ShouldBe(frameType);
    }

    /// <summary>RFC 9000 §19.1 and §19.2: a run of PADDING is one frame; PING and HANDSHAKE_DONE are a type byte.</summary>
    [TestMethod]
    public void S19_1_PaddingPingHandshakeDone_RoundTrip()
    {
        byte[] payload = [.. Bytes((d, out w) => QuicFrameWriter.TryWritePing(d, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWritePadding(d, 5, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWriteHandshakeDone(d, out w))];
        payload.ShouldBe(new byte[] { 0x01, 0, 0, 0, 0, 0, 0x1e });
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.PING);
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.PADDING);
        frame.Data.Length.ShouldBe(5);
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.HANDSHAKE_DONE);
        reader.TryReadFrame(out _, out var error).ShouldBeFalse();
        error.IsNone.ShouldBeTrue();
    }

    /// <summary>RFC 9000 §19.3 and §19.3.1: ACK ranges, written from intervals and read back as intervals, with and without ECN counts.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void S19_3_Ack_RoundTrips(bool ecn)
    {
        QuicAckRange[] ranges = [new(95, 100), new(90, 92), new(0, 5)];
        QuicEcnCounts? counts = ecn ? new QuicEcnCounts(1, 2, 3) : null;
        var payload = Bytes((d, out w) => QuicFrameWriter.TryWriteAck(d, ranges, 1234, out w, counts));
        var reader = new QuicFrameReader(payload, QuicPacketType.Initial);
        reader.TryReadFrame(out var frame, out var error).ShouldBeTrue(error.Reason);
        frame.Type.ShouldBe(ecn ? QuicFrameType.ACK_ECN : QuicFrameType.ACK);
        frame.LargestAcknowledged.ShouldBe(100UL);
        frame.AckDelay.ShouldBe(1234UL);
        frame.AckRangeCount.ShouldBe(2UL);
        frame.FirstAckRange.ShouldBe(5UL);
        frame.HasEcnCounts.ShouldBe(ecn);
        frame.EcnCounts.ShouldBe(counts ?? default);
        var read = new List<QuicAckRange>();
        foreach (var range in frame.GetAckRanges()) read.Add(range);
        read.ShouldBe(ranges);
        reader.Position.ShouldBe(payload.Length);
    }

    /// <summary>RFC 9000 §19.3.1: "If any computed packet number is negative, an endpoint MUST generate a connection error of type FRAME_ENCODING_ERROR."</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x02, 5, 0, 0, 6 })]          // First ACK Range 6 below Largest Acknowledged 5.
    [DataRow(new byte[] { 0x02, 10, 0, 1, 2, 7, 0 })]   // smallest 8, Gap 7: largest = 8 - 7 - 2 = -1.
    [DataRow(new byte[] { 0x02, 10, 0, 1, 2, 5, 2 })]   // smallest 8, Gap 5: largest 1, ACK Range 2: smallest -1.
    [DataRow(new byte[] { 0x02, 1, 0, 1, 1, 0, 0 })]    // smallest 0, then any Gap goes below 0.
    public void S19_3_1_AckRangeUnderflow_IsFrameEncodingError(byte[] payload)
    {
        ShouldFail(payload, QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.AckRangeUnderflow, 0x02);
    }

    /// <summary>RFC 9000 §19.3.1: a range that ends exactly at packet number 0 is legal.</summary>
    [TestMethod]
    public void S19_3_1_AckRangeDownToZero_IsAccepted()
    {
        ErrorOf([0x02, 10, 0, 1, 2, 6, 0]).IsNone.ShouldBeTrue();
        ErrorOf([0x02, 10, 0, 0, 10]).IsNone.ShouldBeTrue();
    }

    /// <summary>RFC 9000 §19.3: an ACK Range Count the payload cannot hold is a truncated frame, found before walking the ranges.</summary>
    [TestMethod]
    public void S19_3_AckRangeCountBeyondPayload_IsFrameEncodingError()
    {
        ShouldFail([0x02, 0x40, 100, 0, 0xbf, 0xff, 0xff, 0xff, 0, 0, 0, 0], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.FrameTruncated, 0x02);
    }

    /// <summary>RFC 9000 §19.4, §19.5: RESET_STREAM and STOP_SENDING round-trip.</summary>
    [TestMethod]
    public void S19_4_ResetStreamAndStopSending_RoundTrip()
    {
        byte[] payload = [.. Bytes((d, out w) => QuicFrameWriter.TryWriteResetStream(d, 4, 0x10c, 1_000_000, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWriteStopSending(d, 8, 7, out w))];
        var reader = new QuicFrameReader(payload, QuicPacketType.ZeroRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        (frame.Type, frame.StreamId, frame.ErrorCode, frame.FinalSize).ShouldBe((QuicFrameType.RESET_STREAM, 4UL, 0x10cUL, 1_000_000UL));
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        (frame.Type, frame.StreamId, frame.ErrorCode).ShouldBe((QuicFrameType.STOP_SENDING, 8UL, 7UL));
    }

    /// <summary>RFC 9000 §19.6: CRYPTO round-trips, its data aliasing the payload.</summary>
    [TestMethod]
    public void S19_6_Crypto_RoundTrips()
    {
        var payload = Bytes((d, out w) => QuicFrameWriter.TryWriteCrypto(d, 300, "client hello"u8, out w));
        var reader = new QuicFrameReader(payload, QuicPacketType.Handshake);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.CRYPTO);
        frame.Offset.ShouldBe(300UL);
        frame.Data.SequenceEqual("client hello"u8).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §19.6: "Receipt of a frame that exceeds this limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED."</summary>
    [TestMethod]
    public void S19_6_CryptoPast2To62_IsFrameEncodingError()
    {
        ShouldFail([0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xAA], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.CryptoOffsetTooLarge, 0x06);
    }

    /// <summary>RFC 9000 §19.7: NEW_TOKEN round-trips; "A client MUST treat receipt of a NEW_TOKEN frame with an empty Token field as a connection error of type FRAME_ENCODING_ERROR."</summary>
    [TestMethod]
    public void S19_7_NewToken()
    {
        var payload = Bytes((d, out w) => QuicFrameWriter.TryWriteNewToken(d, [1, 2, 3], out w));
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        frame.Data.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
        ShouldFail([0x07, 0x00], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.NewTokenEmpty, 0x07);
    }

    /// <summary>RFC 9000 §19.8: all eight STREAM types — OFF, LEN and FIN in every combination — round-trip.</summary>
    [TestMethod]
    public void S19_8_Stream_AllEightTypes_RoundTrip()
    {
        var seen = new HashSet<ulong>();
        foreach (ulong offset in new ulong[] { 0, 77 })
        {
            foreach (bool withLength in new[] { false, true })
            {
                foreach (bool fin in new[] { false, true })
                {
                    var payload = Bytes((d, out w) => QuicFrameWriter.TryWriteStream(d, 5, offset, "abc"u8, fin, out w, withLength));
                    payload.Length.ShouldBe(QuicFrameWriter.GetStreamFrameLength(5, offset, 3, withLength));
                    var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
                    reader.TryReadFrame(out var frame, out var error).ShouldBeTrue(error.Reason);
                    frame.Type.ShouldBe(QuicFrameType.STREAM);
                    seen.Add(frame.RawType);
                    (frame.StreamId, frame.Offset, frame.IsFin).ShouldBe((5UL, offset, fin));
                    frame.Data.SequenceEqual("abc"u8).ShouldBeTrue();
                }
            }
        }

        seen.Order().ToArray().ShouldBe(new ulong[] { 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f });
    }

    /// <summary>RFC 9000 §19.8: "Receipt of a frame that exceeds this limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR or FLOW_CONTROL_ERROR."</summary>
    [TestMethod]
    public void S19_8_StreamPast2To62_IsFrameEncodingError()
    {
        ShouldFail([0x0e, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xAA], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.StreamOffsetTooLarge, 0x0e);
        ShouldFail([0x0c, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xAA], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.StreamOffsetTooLarge, 0x0c);
    }

    /// <summary>RFC 9000 §19.9–§19.14: the flow-control and stream-limit frames round-trip.</summary>
    [TestMethod]
    public void S19_9_LimitFrames_RoundTrip()
    {
        byte[] payload =
        [
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteMaxData(d, 1 << 20, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteMaxStreamData(d, 4, 1 << 16, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteMaxStreams(d, true, 100, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteMaxStreams(d, false, 1UL << 60, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteDataBlocked(d, 5000, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteStreamDataBlocked(d, 8, 6000, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteStreamsBlocked(d, true, 10, out w)),
            .. Bytes((d, out w) => QuicFrameWriter.TryWriteStreamsBlocked(d, false, 11, out w)),
        ];
        var expected = new (QuicFrameType Type, ulong StreamId, ulong Limit)[]
        {
            (QuicFrameType.MAX_DATA, 0, 1 << 20), (QuicFrameType.MAX_STREAM_DATA, 4, 1 << 16), (QuicFrameType.MAX_STREAMS_BIDI, 0, 100),
            (QuicFrameType.MAX_STREAMS_UNI, 0, 1UL << 60), (QuicFrameType.DATA_BLOCKED, 0, 5000), (QuicFrameType.STREAM_DATA_BLOCKED, 8, 6000),
            (QuicFrameType.STREAMS_BLOCKED_BIDI, 0, 10), (QuicFrameType.STREAMS_BLOCKED_UNI, 0, 11),
        };
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        foreach (var (type, streamId, limit) in expected)
        {
            reader.TryReadFrame(out var frame, out var error).ShouldBeTrue(error.Reason);
            (frame.Type, frame.StreamId, frame.Limit).ShouldBe((type, streamId, limit));
        }
    }

    /// <summary>RFC 9000 §19.11: "Receipt of a frame that permits opening of a stream larger than this limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR." §19.14 likewise for STREAMS_BLOCKED.</summary>
    [TestMethod]
    [DataRow((byte)0x12)]
    [DataRow((byte)0x13)]
    [DataRow((byte)0x16)]
    [DataRow((byte)0x17)]
    public void S19_11_StreamsAbove2To60_IsFrameEncodingError(byte type)
    {
        byte[] payload = [type, 0xd0, 0, 0, 0, 0, 0, 0, 1]; // 2^60 + 1
        ShouldFail(payload, QuicTransportErrorCode.FRAME_ENCODING_ERROR, type <= 0x13 ? QuicErrors.MaxStreamsTooLarge : QuicErrors.StreamsBlockedTooLarge, type);
    }

    /// <summary>RFC 9000 §19.15 and §19.16: NEW_CONNECTION_ID and RETIRE_CONNECTION_ID round-trip.</summary>
    [TestMethod]
    public void S19_15_NewAndRetireConnectionId_RoundTrip()
    {
        var token = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
        byte[] payload = [.. Bytes((d, out w) => QuicFrameWriter.TryWriteNewConnectionId(d, 3, 1, [7, 7, 7, 7], token, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWriteRetireConnectionId(d, 2, out w))];
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        (frame.Type, frame.SequenceNumber, frame.RetirePriorTo).ShouldBe((QuicFrameType.NEW_CONNECTION_ID, 3UL, 1UL));
        frame.ConnectionId.ToArray().ShouldBe(new byte[] { 7, 7, 7, 7 });
        frame.StatelessResetToken.ToArray().ShouldBe(token);
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        (frame.Type, frame.SequenceNumber).ShouldBe((QuicFrameType.RETIRE_CONNECTION_ID, 2UL));
    }

    /// <summary>RFC 9000 §19.15: "Values less than 1 and greater than 20 are invalid and MUST be treated as a connection error of type FRAME_ENCODING_ERROR."</summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(21)]
    public void S19_15_ConnectionIdLengthInvalid_IsFrameEncodingError(int length)
    {
        byte[] payload = [0x18, 1, 0, (byte)length, .. new byte[length + 16]];
        ShouldFail(payload, QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.NewConnectionIdLengthInvalid, 0x18);
    }

    /// <summary>RFC 9000 §19.15: "Receiving a value in the Retire Prior To field that is greater than that in the Sequence Number field MUST be treated as a connection error of type FRAME_ENCODING_ERROR."</summary>
    [TestMethod]
    public void S19_15_RetirePriorToAboveSequence_IsFrameEncodingError()
    {
        byte[] payload = [0x18, 1, 2, 4, 1, 2, 3, 4, .. new byte[16]];
        ShouldFail(payload, QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.NewConnectionIdRetirePriorToTooLarge, 0x18);
    }

    /// <summary>RFC 9000 §19.17, §19.18: PATH_CHALLENGE and PATH_RESPONSE carry 8 bytes.</summary>
    [TestMethod]
    public void S19_17_PathChallengeAndResponse_RoundTrip()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] payload = [.. Bytes((d, out w) => QuicFrameWriter.TryWritePathChallenge(d, data, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWritePathResponse(d, data, out w))];
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.PATH_CHALLENGE);
        frame.Data.ToArray().ShouldBe(data);
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        frame.Type.ShouldBe(QuicFrameType.PATH_RESPONSE);
        ShouldFail([0x1a, 1, 2, 3], QuicTransportErrorCode.FRAME_ENCODING_ERROR, QuicErrors.FrameTruncated, 0x1a);
    }

    /// <summary>RFC 9000 §19.19: both CONNECTION_CLOSE variants round-trip; only 0x1c names a frame type.</summary>
    [TestMethod]
    public void S19_19_ConnectionClose_RoundTrips()
    {
        byte[] payload = [.. Bytes((d, out w) => QuicFrameWriter.TryWriteConnectionClose(d, (ulong)QuicTransportErrorCode.PROTOCOL_VIOLATION, 0x18, "bad"u8, out w)), .. Bytes((d, out w) => QuicFrameWriter.TryWriteApplicationClose(d, 0x100, "bye"u8, out w))];
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        (frame.Type, frame.ErrorCode, frame.TriggeringFrameType).ShouldBe((QuicFrameType.CONNECTION_CLOSE, 0x0aUL, 0x18UL));
        frame.ReasonPhrase.SequenceEqual("bad"u8).ShouldBeTrue();
        reader.TryReadFrame(out frame, out _).ShouldBeTrue();
        (frame.Type, frame.ErrorCode).ShouldBe((QuicFrameType.CONNECTION_CLOSE_APPLICATION, 0x100UL));
        frame.ReasonPhrase.SequenceEqual("bye"u8).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §19: every frame cut short anywhere is FRAME_ENCODING_ERROR naming its type.</summary>
    [TestMethod]
    public void S19_TruncatedFrames_AreFrameEncodingErrors()
    {
        byte[][] frames =
        [
            Bytes((d, out w) => QuicFrameWriter.TryWriteAck(d, [new(10, 20), new(1, 5)], 3, out w, new QuicEcnCounts(1, 2, 300))),
            Bytes((d, out w) => QuicFrameWriter.TryWriteResetStream(d, 4, 1, 500, out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteStopSending(d, 4, 1, out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteCrypto(d, 1000, [1, 2, 3], out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteNewToken(d, [1, 2, 3], out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteStream(d, 4, 1000, [1, 2, 3], false, out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteMaxStreamData(d, 4, 1000, out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteNewConnectionId(d, 1, 0, [1, 2], new byte[16], out w)),
            Bytes((d, out w) => QuicFrameWriter.TryWriteConnectionClose(d, 1, 2, "x"u8, out w)),
        ];
        foreach (var frame in frames)
        {
            for (int length = 1; length < frame.Length; length++)
            {
                var error = ErrorOf(frame[..length]);
                error.Code.ShouldBe(QuicTransportErrorCode.FRAME_ENCODING_ERROR, $"{Convert.ToHexString(frame)} cut at {length}");
                error.FrameType.ShouldBe((ulong)frame[0]);
            }
        }
    }

    /// <summary>Writers say when a frame does not fit and refuse values the RFC forbids.</summary>
    [TestMethod]
    public void S19_Writers_RejectMisuse()
    {
        QuicFrameWriter.TryWriteCrypto(new byte[4], 0, new byte[10], out int written).ShouldBeFalse();
        written.ShouldBe(0);
        Should.Throw<ArgumentOutOfRangeException>(() => QuicFrameWriter.TryWriteMaxStreams(new byte[16], true, (1UL << 60) + 1, out _));
        Should.Throw<ArgumentException>(() => QuicFrameWriter.TryWriteNewConnectionId(new byte[64], 1, 2, [1], new byte[16], out _));
        Should.Throw<ArgumentException>(() => QuicFrameWriter.TryWriteAck(new byte[64], [new(5, 10), new(9, 9)], 0, out _));
        Should.Throw<ArgumentException>(() => QuicFrameWriter.TryWriteNewToken(new byte[64], [], out _));
        Should.Throw<ArgumentException>(() => QuicFrameWriter.TryWritePathChallenge(new byte[64], new byte[7], out _));
    }
}
