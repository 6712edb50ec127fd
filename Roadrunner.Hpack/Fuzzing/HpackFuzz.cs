using Roadrunner.Hpack.Huffman;

namespace Roadrunner.Hpack.Fuzzing;

/// <summary>
/// Fuzz target: drives the decoder over arbitrary octets the way a connection does, and checks properties that
/// must hold whatever the input. Wire octets never throw; an exception from here is a bug, raised on purpose when
/// a property breaks.
/// </summary>
internal static class HpackFuzz
{
    /// <summary>
    /// Decodes <paramref name="data"/> as one block; then as a run of blocks through one small-limit decoder (so
    /// table state carries over, with the advertised size changing between blocks); then as a Huffman string.
    /// Every block that decodes is re-encoded, in two styles, and must decode back to the same fields.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> data)
    {
        var sink = new RecordingSink();

        var decoder = new HpackDecoder();
        var error = decoder.Decode(data, sink);
        CheckTable(decoder);
        if (error.IsNone) CheckRoundTrips(sink.Fields);

        DecodeAsBlocks(data, sink);
        DecodeAsHuffman(data);
    }

    private static void DecodeAsBlocks(ReadOnlySpan<byte> data, RecordingSink sink)
    {
        if (data.IsEmpty) return;
        var decoder = new HpackDecoder(maxDynamicTableSize: 256, maxHeaderListSize: 512);
        int blockLength = 1 + data[0] % 48;
        for (int start = 1, block = 0; start < data.Length; start += blockLength, block++)
        {
            var piece = data.Slice(start, Math.Min(blockLength, data.Length - start));
            sink.Fields.Clear();
            var error = decoder.Decode(piece, sink);
            CheckTable(decoder);
            if (error.Kind == HpackErrorKind.CompressionError) return;   // the connection would end here
            Check(TotalSize(sink.Fields) <= decoder.MaxHeaderListSize, "what reaches the sink is within the header list limit");
            if (error.IsNone) CheckRoundTrips(sink.Fields);

            // As a SETTINGS change would, now and then lower or raise the size the peer may use.
            if (block % 3 == 2) decoder.SetMaxDynamicTableSize(piece[0] % 2 == 0 ? 64 : 256);
        }
    }

    private static void DecodeAsHuffman(ReadOnlySpan<byte> data)
    {
        var decoded = new byte[HuffmanDecoder.GetMaxDecodedLength(data.Length)];
        var status = HuffmanDecoder.Decode(data, decoded, out int written);
        var validated = HuffmanDecoder.Validate(data, out int length);
        Check(status == validated, "Decode and Validate agree");
        if (status != HuffmanDecodeStatus.Done) return;
        Check(length == written, "Decode and Validate count the same length");

        // A valid encoding is unique: the codes are fixed and the padding is forced, so re-encoding gives the input.
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(decoded.AsSpan(0, written))];
        Check(encoded.Length == data.Length, "the encoded length matches the input");
        Check(HuffmanEncoder.TryEncode(decoded.AsSpan(0, written), encoded, out int encodedLength) && encodedLength == data.Length, "re-encoding fits");
        Check(encoded.AsSpan().SequenceEqual(data), "re-encoding gives the input back");
    }

    /// <summary>Re-encodes <paramref name="fields"/> with the default strategy and with indexing of everything, and decodes both back.</summary>
    private static void CheckRoundTrips(List<(byte[] Name, byte[] Value, bool NeverIndexed)> fields)
    {
        var fieldsCopy = fields.ToArray();
        foreach (bool everything in (ReadOnlySpan<bool>)[false, true])
        {
            var encoder = new HpackEncoder(maxDynamicTableSize: 256) { Huffman = everything ? HpackHuffman.Always : HpackHuffman.WhenShorter };
            var decoder = new HpackDecoder(maxDynamicTableSize: 256, maxHeaderListSize: int.MaxValue);
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            for (int round = 0; round < 2; round++)
            {
                writer.ResetWrittenCount();
                encoder.BeginBlock(writer);
                foreach (var (name, value, neverIndexed) in fieldsCopy)
                {
                    if (everything) encoder.Encode(writer, name, value, neverIndexed ? HpackIndexing.NeverIndexed : HpackIndexing.Incremental);
                    else encoder.Encode(writer, name, value, neverIndexed);
                }
                var sink = new RecordingSink();
                Check(decoder.Decode(writer.WrittenSpan, sink).IsNone, "an encoded block decodes");
                Check(sink.Fields.Count == fieldsCopy.Length, "the same number of fields comes back");
                for (int i = 0; i < fieldsCopy.Length; i++)
                {
                    Check(sink.Fields[i].Name.AsSpan().SequenceEqual(fieldsCopy[i].Name) && sink.Fields[i].Value.AsSpan().SequenceEqual(fieldsCopy[i].Value), "each field comes back");
                    Check(!fieldsCopy[i].NeverIndexed || sink.Fields[i].NeverIndexed, "a never-indexed field stays never indexed");
                }
                Check(encoder.DynamicTableSize == decoder.DynamicTableSize && encoder.DynamicTableCount == decoder.DynamicTableCount, "both tables agree");
            }
        }
    }

    private static void CheckTable(HpackDecoder decoder)
    {
        var table = decoder.Table;
        Check(table.Size <= table.MaxSize, "the table is within its maximum size");
        long size = 0;
        for (int i = 0; i < table.Count; i++)
        {
            table.Get(i, out var name, out var value);
            size += name.Length + value.Length + 32;
        }
        Check(size == table.Size, "the table's size is the sum of its entries");
    }

    private static long TotalSize(List<(byte[] Name, byte[] Value, bool NeverIndexed)> fields)
    {
        long size = 0;
        foreach (var field in fields) size += field.Name.Length + field.Value.Length + 32;
        return size;
    }

    private static void Check(bool condition, string property)
    {
        if (!condition) throw new InvalidOperationException("HPACK fuzz property broken: " + property);
    }

    private sealed class RecordingSink : IHeaderSink
    {
        public List<(byte[] Name, byte[] Value, bool NeverIndexed)> Fields { get; } = [];

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) =>
            Fields.Add((name.ToArray(), value.ToArray(), neverIndexed));
    }
}
