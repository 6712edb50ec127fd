using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Hpack.Integers;
using Roadrunner.Qpack.Primitives;

namespace Roadrunner.Qpack.Instructions;

/// <summary>
/// Writes the encoder instructions of RFC 9204 §4.3, the octets an encoder sends on its encoder stream.
/// <see cref="QpackEncoder"/> writes these itself; they are public for tests, tools and custom strategies.
/// </summary>
public static class QpackEncoderInstructions
{
    /// <summary>
    /// §4.3.1 Set Dynamic Table Capacity.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 0 | 0 | 1 |   Capacity (5+)   |
    /// +---+---+---+-------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative capacity.</exception>
    public static void WriteSetDynamicTableCapacity(IBufferWriter<byte> writer, int capacity)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var span = writer.GetSpan(IntegerEncoder.MaxLength);
        writer.Advance(QpackWriter.WriteInteger(span, capacity, 5, 0x20));
    }

    /// <summary>
    /// §4.3.2 Insert with Name Reference, naming a static (<paramref name="isStatic"/>) or dynamic entry; a dynamic
    /// entry is named by its relative index (§3.2.5: 0 is the most recently inserted).
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 1 | T |    Name Index (6+)    |
    /// +---+---+-----------------------+
    /// | H |     Value Length (7+)     |
    /// +---+---------------------------+
    /// |  Value String (Length bytes)  |
    /// +-------------------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative index.</exception>
    public static void WriteInsertWithNameReference(IBufferWriter<byte> writer, bool isStatic, int nameIndex, ReadOnlySpan<byte> value, HpackHuffman huffman = HpackHuffman.WhenShorter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(nameIndex);
        var span = writer.GetSpan(IntegerEncoder.MaxLength + QpackWriter.MaxStringLength(value.Length, huffman));
        int written = QpackWriter.WriteInteger(span, nameIndex, 6, isStatic ? (byte)0xC0 : (byte)0x80);
        written += QpackWriter.WriteString(span[written..], value, 8, 0x00, huffman);
        writer.Advance(written);
    }

    /// <summary>
    /// §4.3.3 Insert with Literal Name.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 0 | 1 | H | Name Length (5+)  |
    /// +---+---+---+-------------------+
    /// |  Name String (Length bytes)   |
    /// +---+---------------------------+
    /// | H |     Value Length (7+)     |
    /// +---+---------------------------+
    /// |  Value String (Length bytes)  |
    /// +-------------------------------+
    /// </code>
    /// </summary>
    public static void WriteInsertWithLiteralName(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackHuffman huffman = HpackHuffman.WhenShorter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(QpackWriter.MaxStringLength(name.Length, huffman) + QpackWriter.MaxStringLength(value.Length, huffman));
        int written = QpackWriter.WriteString(span, name, 6, 0x40, huffman);
        written += QpackWriter.WriteString(span[written..], value, 8, 0x00, huffman);
        writer.Advance(written);
    }

    /// <summary>
    /// §4.3.4 Duplicate, naming the entry by its relative index.
    /// <code>
    ///   0   1   2   3   4   5   6   7
    /// +---+---+---+---+---+---+---+---+
    /// | 0 | 0 | 0 |    Index (5+)     |
    /// +---+---+---+-------------------+
    /// </code>
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative index.</exception>
    public static void WriteDuplicate(IBufferWriter<byte> writer, int relativeIndex)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(relativeIndex);
        var span = writer.GetSpan(IntegerEncoder.MaxLength);
        writer.Advance(QpackWriter.WriteInteger(span, relativeIndex, 5, 0x00));
    }
}
