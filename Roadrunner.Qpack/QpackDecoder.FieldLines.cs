using Roadrunner.Hpack;
using Roadrunner.Qpack.Primitives;
using Roadrunner.Qpack.Tables;

namespace Roadrunner.Qpack;

/// <summary>The field line representations of RFC 9204 §4.5.2 to §4.5.6.</summary>
public sealed partial class QpackDecoder
{
    /// <summary>Decodes the field lines after the prefix, sending each to <paramref name="sink"/>.</summary>
    private QpackError DecodeFieldLines(ReadOnlySpan<byte> lines, long requiredInsertCount, long @base, IHeaderSink sink)
    {
        var reader = new QpackReader(lines);
        long budget = MaxFieldSectionSize;
        long largestReference = -1;

        while (!reader.End)
        {
            byte first = reader.Peek();
            ReadOnlySpan<byte> name, value;
            bool neverIndexed = false;
            int nameScratch = 0;
            ReadStatus status;
            string? reason;

            if ((first & 0x80) != 0)
            {
                // §4.5.2 Indexed Field Line: 1 | T | Index (6+)
                status = reader.ReadInteger(6, out long index);
                if (status != ReadStatus.Done) return SectionReadError(status);
                reason = (first & 0x40) != 0
                    ? Static(index, out name, out value)
                    : Dynamic(@base - 1 - index, requiredInsertCount, ref largestReference, out name, out value);
            }
            else if ((first & 0x40) != 0)
            {
                // §4.5.4 Literal Field Line with Name Reference: 0 | 1 | N | T | Name Index (4+), then the value
                neverIndexed = (first & 0x20) != 0;
                status = reader.ReadInteger(4, out long index);
                if (status != ReadStatus.Done) return SectionReadError(status);
                reason = (first & 0x10) != 0
                    ? Static(index, out name, out _)
                    : Dynamic(@base - 1 - index, requiredInsertCount, ref largestReference, out name, out _);
                if (reason is null) reason = ReadValue(ref reader, 0, out value);
                else value = default;
            }
            else if ((first & 0x20) != 0)
            {
                // §4.5.6 Literal Field Line with Literal Name: 0 | 0 | 1 | N | H | Name Length (3+), name, then the value
                neverIndexed = (first & 0x10) != 0;
                status = reader.ReadString(4, out var encodedName, out bool huffman);
                if (status != ReadStatus.Done) return SectionReadError(status);
                reason = StringReason(_strings.Decode(encodedName, huffman, 0, MaxFieldSectionSize, out name, out nameScratch));
                if (reason is null) reason = ReadValue(ref reader, nameScratch, out value);
                else value = default;
            }
            else if ((first & 0x10) != 0)
            {
                // §4.5.3 Indexed Field Line with Post-Base Index: 0 | 0 | 0 | 1 | Index (4+)
                status = reader.ReadInteger(4, out long index);
                if (status != ReadStatus.Done) return SectionReadError(status);
                reason = Dynamic(@base + index, requiredInsertCount, ref largestReference, out name, out value);
            }
            else
            {
                // §4.5.5 Literal Field Line with Post-Base Name Reference: 0 | 0 | 0 | 0 | N | Name Index (3+), then the value
                neverIndexed = (first & 0x08) != 0;
                status = reader.ReadInteger(3, out long index);
                if (status != ReadStatus.Done) return SectionReadError(status);
                reason = Dynamic(@base + index, requiredInsertCount, ref largestReference, out name, out _);
                if (reason is null) reason = ReadValue(ref reader, 0, out value);
                else value = default;
            }
            if (reason is not null) return QpackError.Decompression(reason);

            // RFC 9114 §4.2.2: the size of a field line is its name and value lengths plus 32.
            budget -= (long)name.Length + value.Length + QpackDynamicTable.EntryOverhead;
            if (budget < 0) return QpackError.Decompression(QpackErrors.FieldSectionTooLarge);
            sink.OnHeader(name, value, neverIndexed);
        }

        // §2.2.1 / §4.5.1.1: the Required Insert Count is one past the largest absolute index referenced. A smaller
        // one was caught at the reference; a larger one "MAY" be an error, and is here: it blocks for no reason.
        if (requiredInsertCount > 0 && largestReference + 1 != requiredInsertCount)
            return QpackError.Decompression(QpackErrors.RequiredInsertCountTooLarge);
        return QpackError.None;
    }

    private string? ReadValue(scoped ref QpackReader reader, int scratchOffset, out ReadOnlySpan<byte> value)
    {
        var status = reader.ReadString(8, out var encoded, out bool huffman);
        if (status != ReadStatus.Done)
        {
            value = default;
            return status == ReadStatus.Overflow ? QpackErrors.IntegerOverflow : QpackErrors.SectionTruncated;
        }
        return StringReason(_strings.Decode(encoded, huffman, scratchOffset, MaxFieldSectionSize, out value, out _));
    }

    private static string? StringReason(StringDecoder.Status status) => status switch
    {
        StringDecoder.Status.Done => null,
        StringDecoder.Status.TooLarge => QpackErrors.FieldSectionTooLarge,
        _ => QpackErrors.HuffmanInvalid,
    };

    private static string? Static(long index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index >= QpackStaticTable.Count)
        {
            name = value = default;
            return QpackErrors.FieldStaticIndexInvalid;
        }
        name = QpackStaticTable.Name((int)index);
        value = QpackStaticTable.Value((int)index);
        return null;
    }

    /// <summary>§2.2.3: a reference must name an entry still in the table and below the Required Insert Count.</summary>
    private string? Dynamic(long absolute, long requiredInsertCount, scoped ref long largestReference, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (absolute < 0 || absolute >= requiredInsertCount || !_table.Contains(absolute))
        {
            name = value = default;
            return QpackErrors.FieldReferenceInvalid;
        }
        _table.Get(absolute, out name, out value);
        largestReference = Math.Max(largestReference, absolute);
        return null;
    }
}
