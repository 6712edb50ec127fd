using Roadrunner.Quic.Buffers;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Frames;

/// <summary>
/// Writes frames into a caller's span (RFC 9000 §19), in the shortest encodings. Each writer returns false, writing
/// nothing, when the frame does not fit, so a packet can be filled until it is full; values the RFC forbids throw,
/// since sending them is a bug.
/// </summary>
public static class QuicFrameWriter
{
    private static int V(ulong value) => Varint.GetLength(value);

    private static bool Fits(Span<byte> destination, int length, out int bytesWritten)
    {
        bytesWritten = destination.Length >= length ? length : 0;
        return destination.Length >= length;
    }

    /// <summary>Writes <paramref name="count"/> PADDING frames (§19.1), one zero byte each.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static bool TryWritePadding(Span<byte> destination, int count, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!Fits(destination, count, out bytesWritten)) return false;
        destination[..count].Clear();
        return true;
    }

    /// <summary>Writes a PING frame (§19.2).</summary>
    public static bool TryWritePing(Span<byte> destination, out int bytesWritten) => TryWriteTypeOnly(destination, QuicFrameType.PING, out bytesWritten);

    /// <summary>Writes a HANDSHAKE_DONE frame (§19.20).</summary>
    public static bool TryWriteHandshakeDone(Span<byte> destination, out int bytesWritten) => TryWriteTypeOnly(destination, QuicFrameType.HANDSHAKE_DONE, out bytesWritten);

    /// <summary>
    /// Writes an ACK frame (§19.3), of type 0x03 when <paramref name="ecnCounts"/> is given.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="ranges">Acknowledged ranges, largest first, disjoint and not adjacent (at least one packet number between them); at least one.</param>
    /// <param name="ackDelay">The ACK Delay field, already scaled down by the ack_delay_exponent.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <param name="ecnCounts">ECN counts for an ACK of type 0x03, or null.</param>
    /// <exception cref="ArgumentException">No range, or ranges not in descending, gapped order.</exception>
    public static bool TryWriteAck(Span<byte> destination, ReadOnlySpan<QuicAckRange> ranges, ulong ackDelay, out int bytesWritten, QuicEcnCounts? ecnCounts = null)
    {
        if (ranges.IsEmpty) throw new ArgumentException("An ACK frame acknowledges at least one range.", nameof(ranges));
        ulong type = ecnCounts is null ? 0x02UL : 0x03UL;
        int length = V(type) + V(ranges[0].Largest) + V(ackDelay) + V((ulong)(ranges.Length - 1));
        for (int i = 0; i < ranges.Length; i++)
        {
            var range = ranges[i];
            if (range.Smallest > range.Largest) throw new ArgumentException("A range's smallest packet number is above its largest.", nameof(ranges));
            if (i > 0)
            {
                // §19.3.1: the Gap is "one less than the number of contiguous unacknowledged packets preceding the packet
                // number one lower than the smallest in the preceding ACK Range", so ranges need one packet between them.
                if (range.Largest + 2 > ranges[i - 1].Smallest) throw new ArgumentException("Ranges must be descending with at least one packet number between them.", nameof(ranges));
                length += V(ranges[i - 1].Smallest - range.Largest - 2);
            }

            length += V(range.Largest - range.Smallest);
        }

        if (ecnCounts is { } ecn) length += V(ecn.Ect0) + V(ecn.Ect1) + V(ecn.EcnCe);
        if (!Fits(destination, length, out bytesWritten)) return false;

        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint(type);
        writer.WriteVarint(ranges[0].Largest);
        writer.WriteVarint(ackDelay);
        writer.WriteVarint((ulong)(ranges.Length - 1));
        writer.WriteVarint(ranges[0].Largest - ranges[0].Smallest);
        for (int i = 1; i < ranges.Length; i++)
        {
            writer.WriteVarint(ranges[i - 1].Smallest - ranges[i].Largest - 2);
            writer.WriteVarint(ranges[i].Largest - ranges[i].Smallest);
        }

        if (ecnCounts is { } counts)
        {
            writer.WriteVarint(counts.Ect0);
            writer.WriteVarint(counts.Ect1);
            writer.WriteVarint(counts.EcnCe);
        }

        return true;
    }

    /// <summary>Writes a RESET_STREAM frame (§19.4).</summary>
    public static bool TryWriteResetStream(Span<byte> destination, ulong streamId, ulong applicationErrorCode, ulong finalSize, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.RESET_STREAM, streamId, applicationErrorCode, finalSize, 3, out bytesWritten);

    /// <summary>Writes a STOP_SENDING frame (§19.5).</summary>
    public static bool TryWriteStopSending(Span<byte> destination, ulong streamId, ulong applicationErrorCode, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.STOP_SENDING, streamId, applicationErrorCode, 0, 2, out bytesWritten);

    /// <summary>Writes a CRYPTO frame (§19.6).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The data would end past 2^62-1.</exception>
    public static bool TryWriteCrypto(Span<byte> destination, ulong offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        CheckEnd(offset, data.Length);
        int length = 1 + V(offset) + V((ulong)data.Length) + data.Length;
        if (!Fits(destination, length, out bytesWritten)) return false;
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint((ulong)QuicFrameType.CRYPTO);
        writer.WriteVarint(offset);
        writer.WriteVarint((ulong)data.Length);
        writer.WriteBytes(data);
        return true;
    }

    /// <summary>Writes a NEW_TOKEN frame (§19.7).</summary>
    /// <exception cref="ArgumentException">An empty token (§19.7: "The token MUST NOT be empty").</exception>
    public static bool TryWriteNewToken(Span<byte> destination, ReadOnlySpan<byte> token, out int bytesWritten)
    {
        if (token.IsEmpty) throw new ArgumentException("RFC 9000 §19.7: the token MUST NOT be empty.", nameof(token));
        int length = 1 + V((ulong)token.Length) + token.Length;
        if (!Fits(destination, length, out bytesWritten)) return false;
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint((ulong)QuicFrameType.NEW_TOKEN);
        writer.WriteVarint((ulong)token.Length);
        writer.WriteBytes(token);
        return true;
    }

    /// <summary>The size of a STREAM frame with these fields; see <see cref="TryWriteStream"/>.</summary>
    public static int GetStreamFrameLength(ulong streamId, ulong offset, int dataLength, bool withLength) =>
        1 + V(streamId) + (offset != 0 ? V(offset) : 0) + (withLength ? V((ulong)dataLength) : 0) + dataLength;

    /// <summary>
    /// Writes a STREAM frame (§19.8): the OFF bit only when <paramref name="offset"/> is not 0, the LEN bit when
    /// <paramref name="withLength"/> is set. A frame without a length runs to the end of the packet, so it must be the last.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The data would end past 2^62-1.</exception>
    public static bool TryWriteStream(Span<byte> destination, ulong streamId, ulong offset, ReadOnlySpan<byte> data, bool fin, out int bytesWritten, bool withLength = true)
    {
        CheckEnd(offset, data.Length);
        int length = GetStreamFrameLength(streamId, offset, data.Length, withLength);
        if (!Fits(destination, length, out bytesWritten)) return false;

        ulong type = (ulong)QuicFrameType.STREAM | (offset != 0 ? 0x04UL : 0) | (withLength ? 0x02UL : 0) | (fin ? 0x01UL : 0);
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint(type);
        writer.WriteVarint(streamId);
        if (offset != 0) writer.WriteVarint(offset);
        if (withLength) writer.WriteVarint((ulong)data.Length);
        writer.WriteBytes(data);
        return true;
    }

    /// <summary>Writes a MAX_DATA frame (§19.9).</summary>
    public static bool TryWriteMaxData(Span<byte> destination, ulong maximumData, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.MAX_DATA, maximumData, 0, 0, 1, out bytesWritten);

    /// <summary>Writes a MAX_STREAM_DATA frame (§19.10).</summary>
    public static bool TryWriteMaxStreamData(Span<byte> destination, ulong streamId, ulong maximumStreamData, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.MAX_STREAM_DATA, streamId, maximumStreamData, 0, 2, out bytesWritten);

    /// <summary>Writes a MAX_STREAMS frame (§19.11), type 0x12 for bidirectional and 0x13 for unidirectional streams.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maximumStreams"/> is above 2^60.</exception>
    public static bool TryWriteMaxStreams(Span<byte> destination, bool bidirectional, ulong maximumStreams, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumStreams, QuicFrameReader.MaxStreams);
        return TryWriteVarints(destination, bidirectional ? QuicFrameType.MAX_STREAMS_BIDI : QuicFrameType.MAX_STREAMS_UNI, maximumStreams, 0, 0, 1, out bytesWritten);
    }

    /// <summary>Writes a DATA_BLOCKED frame (§19.12).</summary>
    public static bool TryWriteDataBlocked(Span<byte> destination, ulong maximumData, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.DATA_BLOCKED, maximumData, 0, 0, 1, out bytesWritten);

    /// <summary>Writes a STREAM_DATA_BLOCKED frame (§19.13).</summary>
    public static bool TryWriteStreamDataBlocked(Span<byte> destination, ulong streamId, ulong maximumStreamData, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.STREAM_DATA_BLOCKED, streamId, maximumStreamData, 0, 2, out bytesWritten);

    /// <summary>Writes a STREAMS_BLOCKED frame (§19.14), type 0x16 for bidirectional and 0x17 for unidirectional streams.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maximumStreams"/> is above 2^60.</exception>
    public static bool TryWriteStreamsBlocked(Span<byte> destination, bool bidirectional, ulong maximumStreams, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumStreams, QuicFrameReader.MaxStreams);
        return TryWriteVarints(destination, bidirectional ? QuicFrameType.STREAMS_BLOCKED_BIDI : QuicFrameType.STREAMS_BLOCKED_UNI, maximumStreams, 0, 0, 1, out bytesWritten);
    }

    /// <summary>Writes a NEW_CONNECTION_ID frame (§19.15).</summary>
    /// <exception cref="ArgumentException">A connection ID not 1 to 20 bytes, a token not 16 bytes, or Retire Prior To above the sequence number.</exception>
    public static bool TryWriteNewConnectionId(Span<byte> destination, ulong sequenceNumber, ulong retirePriorTo, ReadOnlySpan<byte> connectionId, ReadOnlySpan<byte> statelessResetToken, out int bytesWritten)
    {
        if (connectionId.Length is < 1 or > 20) throw new ArgumentException("RFC 9000 §19.15: the connection ID is 1 to 20 bytes.", nameof(connectionId));
        if (statelessResetToken.Length != QuicFrameReader.StatelessResetTokenLength) throw new ArgumentException("RFC 9000 §19.15: the token is 16 bytes.", nameof(statelessResetToken));
        if (retirePriorTo > sequenceNumber) throw new ArgumentException("RFC 9000 §19.15: Retire Prior To cannot exceed the sequence number.", nameof(retirePriorTo));

        int length = 1 + V(sequenceNumber) + V(retirePriorTo) + 1 + connectionId.Length + statelessResetToken.Length;
        if (!Fits(destination, length, out bytesWritten)) return false;
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint((ulong)QuicFrameType.NEW_CONNECTION_ID);
        writer.WriteVarint(sequenceNumber);
        writer.WriteVarint(retirePriorTo);
        writer.WriteByte((byte)connectionId.Length);
        writer.WriteBytes(connectionId);
        writer.WriteBytes(statelessResetToken);
        return true;
    }

    /// <summary>Writes a RETIRE_CONNECTION_ID frame (§19.16).</summary>
    public static bool TryWriteRetireConnectionId(Span<byte> destination, ulong sequenceNumber, out int bytesWritten) =>
        TryWriteVarints(destination, QuicFrameType.RETIRE_CONNECTION_ID, sequenceNumber, 0, 0, 1, out bytesWritten);

    /// <summary>Writes a PATH_CHALLENGE frame (§19.17).</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not 8 bytes.</exception>
    public static bool TryWritePathChallenge(Span<byte> destination, ReadOnlySpan<byte> data, out int bytesWritten) =>
        TryWritePath(destination, QuicFrameType.PATH_CHALLENGE, data, out bytesWritten);

    /// <summary>Writes a PATH_RESPONSE frame (§19.18).</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not 8 bytes.</exception>
    public static bool TryWritePathResponse(Span<byte> destination, ReadOnlySpan<byte> data, out int bytesWritten) =>
        TryWritePath(destination, QuicFrameType.PATH_RESPONSE, data, out bytesWritten);

    /// <summary>Writes a CONNECTION_CLOSE frame of type 0x1c (§19.19), for a transport error.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="errorCode">The transport error code (<see cref="Errors.QuicTransportErrorCode"/>).</param>
    /// <param name="frameType">The type of the frame that triggered the error, or 0.</param>
    /// <param name="reasonPhrase">UTF-8 reason, possibly empty.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    public static bool TryWriteConnectionClose(Span<byte> destination, ulong errorCode, ulong frameType, ReadOnlySpan<byte> reasonPhrase, out int bytesWritten) =>
        TryWriteClose(destination, QuicFrameType.CONNECTION_CLOSE, errorCode, frameType, reasonPhrase, out bytesWritten);

    /// <summary>Writes a CONNECTION_CLOSE frame of type 0x1d (§19.19), for an application error.</summary>
    public static bool TryWriteApplicationClose(Span<byte> destination, ulong applicationErrorCode, ReadOnlySpan<byte> reasonPhrase, out int bytesWritten) =>
        TryWriteClose(destination, QuicFrameType.CONNECTION_CLOSE_APPLICATION, applicationErrorCode, 0, reasonPhrase, out bytesWritten);

    private static bool TryWriteClose(Span<byte> destination, QuicFrameType type, ulong errorCode, ulong frameType, ReadOnlySpan<byte> reasonPhrase, out int bytesWritten)
    {
        bool transport = type == QuicFrameType.CONNECTION_CLOSE;
        int length = 1 + V(errorCode) + (transport ? V(frameType) : 0) + V((ulong)reasonPhrase.Length) + reasonPhrase.Length;
        if (!Fits(destination, length, out bytesWritten)) return false;
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint((ulong)type);
        writer.WriteVarint(errorCode);
        if (transport) writer.WriteVarint(frameType);
        writer.WriteVarint((ulong)reasonPhrase.Length);
        writer.WriteBytes(reasonPhrase);
        return true;
    }

    private static bool TryWritePath(Span<byte> destination, QuicFrameType type, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        if (data.Length != QuicFrameReader.PathDataLength) throw new ArgumentException("RFC 9000 §19.17: path validation data is 8 bytes.", nameof(data));
        if (!Fits(destination, 1 + data.Length, out bytesWritten)) return false;
        destination[0] = (byte)type;
        data.CopyTo(destination[1..]);
        return true;
    }

    private static bool TryWriteTypeOnly(Span<byte> destination, QuicFrameType type, out int bytesWritten)
    {
        if (!Fits(destination, 1, out bytesWritten)) return false;
        destination[0] = (byte)type;
        return true;
    }

    private static bool TryWriteVarints(Span<byte> destination, QuicFrameType type, ulong a, ulong b, ulong c, int count, out int bytesWritten)
    {
        int length = V((ulong)type) + V(a) + (count > 1 ? V(b) : 0) + (count > 2 ? V(c) : 0);
        if (!Fits(destination, length, out bytesWritten)) return false;
        var writer = new QuicSpanWriter(destination);
        writer.WriteVarint((ulong)type);
        writer.WriteVarint(a);
        if (count > 1) writer.WriteVarint(b);
        if (count > 2) writer.WriteVarint(c);
        return true;
    }

    private static void CheckEnd(ulong offset, int length)
    {
        if (offset > Varint.MaxValue || (ulong)length > Varint.MaxValue - offset) throw new ArgumentOutOfRangeException(nameof(offset), offset, "RFC 9000 §19.8: data cannot end past 2^62-1.");
    }
}
