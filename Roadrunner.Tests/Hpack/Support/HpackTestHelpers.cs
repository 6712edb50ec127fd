using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Hpack.Tables;

namespace Roadrunner.Tests.Hpack.Support;

/// <summary>Small helpers shared by the HPACK tests: hex dumps as the RFC prints them, table snapshots, one-call encoding.</summary>
internal static class HpackTestHelpers
{
    /// <summary>Parses a hex dump such as "8286 8441 0f77" (whitespace ignored).</summary>
    public static byte[] Hex(string dump) => Convert.FromHexString(string.Concat(dump.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>Lowercase hex with no spaces, for comparisons whose failure message should be readable.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Ascii(string s) => System.Text.Encoding.Latin1.GetBytes(s);

    /// <summary>The dynamic table as "name: value" lines, newest first (the RFC's [1], [2] ... order).</summary>
    public static string[] Entries(DynamicTable table)
    {
        var lines = new string[table.Count];
        for (int i = 0; i < table.Count; i++)
        {
            table.Get(i, out var name, out var value);
            lines[i] = System.Text.Encoding.Latin1.GetString(name) + ": " + System.Text.Encoding.Latin1.GetString(value);
        }
        return lines;
    }

    /// <summary>Decodes one block and returns the error and what reached the sink.</summary>
    public static (HpackError Error, RecordingSink Sink) Decode(HpackDecoder decoder, ReadOnlySpan<byte> block)
    {
        var sink = new RecordingSink();
        var error = decoder.Decode(block, sink);
        return (error, sink);
    }

    /// <summary>Encodes one block of fields with the default strategy.</summary>
    public static byte[] EncodeBlock(HpackEncoder encoder, params HeaderField[] fields)
    {
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(writer);
        foreach (var field in fields) encoder.Encode(writer, Ascii(field.Name), Ascii(field.Value), field.NeverIndexed);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes one field with an explicit representation, returning its octets.</summary>
    public static byte[] EncodeField(HpackEncoder encoder, string name, string value, HpackIndexing indexing)
    {
        var writer = new ArrayBufferWriter<byte>();
        encoder.Encode(writer, Ascii(name), Ascii(value), indexing);
        return writer.WrittenSpan.ToArray();
    }
}
