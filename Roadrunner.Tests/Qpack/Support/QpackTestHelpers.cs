using System.Buffers;
using Roadrunner.Qpack;
using Roadrunner.Qpack.Tables;
using Roadrunner.Tests.Hpack.Support;

namespace Roadrunner.Tests.Qpack.Support;

/// <summary>Small helpers shared by the QPACK tests: hex dumps as the RFC prints them, table snapshots, one-call coding.</summary>
internal static class QpackTestHelpers
{
    /// <summary>Parses a hex dump such as "0381 10 11" (whitespace ignored).</summary>
    public static byte[] Hex(string dump) => Convert.FromHexString(string.Concat(dump.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>Lowercase hex with no spaces, for comparisons whose failure message should be readable.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Ascii(string s) => System.Text.Encoding.Latin1.GetBytes(s);

    /// <summary>The dynamic table as "abs name: value" lines, oldest first (the RFC's Abs order).</summary>
    public static string[] Entries(QpackDynamicTable table)
    {
        var lines = new List<string>();
        for (long index = table.OldestIndex; index < table.InsertCount; index++)
        {
            table.Get(index, out var name, out var value);
            lines.Add($"{index} {System.Text.Encoding.Latin1.GetString(name)}: {System.Text.Encoding.Latin1.GetString(value)}");
        }
        return [.. lines];
    }

    /// <summary>Decodes one section and returns the result and what reached the sink.</summary>
    public static (QpackSectionResult Result, RecordingSink Sink) Decode(QpackDecoder decoder, long streamId, ReadOnlySpan<byte> section)
    {
        var sink = new RecordingSink();
        var result = decoder.DecodeSection(streamId, section, sink);
        return (result, sink);
    }

    /// <summary>Encodes one section of "name: value" fields.</summary>
    public static byte[] EncodeSection(QpackEncoder encoder, long streamId, params HeaderField[] fields)
    {
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginSection(streamId);
        foreach (var field in fields) encoder.Encode(Ascii(field.Name), Ascii(field.Value), field.NeverIndexed);
        encoder.EndSection(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Drains the encoder's pending encoder-stream octets.</summary>
    public static byte[] EncoderStream(QpackEncoder encoder)
    {
        var writer = new ArrayBufferWriter<byte>();
        encoder.WriteEncoderStream(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Drains the decoder's pending decoder-stream octets.</summary>
    public static byte[] DecoderStream(QpackDecoder decoder)
    {
        var writer = new ArrayBufferWriter<byte>();
        decoder.WriteDecoderStream(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one instruction with a writer-taking method and returns its octets.</summary>
    public static byte[] Written(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }
}
