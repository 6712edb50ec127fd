using System.Buffers;
using Roadrunner.Qpack.Primitives;

namespace Roadrunner.Qpack.Instructions;

/// <summary>
/// Writes the decoder instructions of RFC 9204 §4.4, the octets a decoder sends on its decoder stream.
/// <see cref="QpackDecoder"/> writes these itself; they are public for tests and tools.
/// </summary>
/// <remarks>
/// Stream IDs are QUIC stream IDs, 0 to 2^62-1 (RFC 9000 §2.1); a larger one is refused with
/// <see cref="ArgumentOutOfRangeException"/>.
/// </remarks>
public static class QpackDecoderInstructions
{
    /// <summary>
    /// §4.4.1 Section Acknowledgment.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 1 |      Stream ID (7+)       |
    /// +---+---------------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A stream ID outside 0 to 2^62-1.</exception>
    public static void WriteSectionAcknowledgment(IBufferWriter<byte> writer, long streamId) => Write(writer, StreamId(streamId), 7, 0x80);

    /// <summary>
    /// §4.4.2 Stream Cancellation.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 0 | 1 |     Stream ID (6+)    |
    /// +---+---+-----------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A stream ID outside 0 to 2^62-1.</exception>
    public static void WriteStreamCancellation(IBufferWriter<byte> writer, long streamId) => Write(writer, StreamId(streamId), 6, 0x40);

    /// <summary>
    /// §4.4.3 Insert Count Increment.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 0 | 0 |     Increment (6+)    |
    /// +---+---+-----------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An increment below 1 (§4.4.3: an increment of 0 is an error).</exception>
    public static void WriteInsertCountIncrement(IBufferWriter<byte> writer, int increment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(increment, 1);
        Write(writer, increment, 6, 0x00);
    }

    internal static long StreamId(long streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamId, QpackReader.MaxInteger);
        return streamId;
    }

    private static void Write(IBufferWriter<byte> writer, long value, int prefixBits, byte pattern)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(QpackReader.MaxIntegerLength);
        writer.Advance(QpackWriter.WriteInteger(span, value, prefixBits, pattern));
    }
}
