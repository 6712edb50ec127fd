using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Encoding;

/// <summary>
/// The encoder's default choices. RFC 7541 §7.1.3: "an encoder might choose not to index values for header fields
/// that are considered to be highly valuable or sensitive to recovery, such as the Cookie or Authorization header
/// fields"; §6.2.3: "Intermediaries MUST use the same representation for encoding this header field"; §5.2: a string
/// may be sent raw or Huffman-encoded, and is Huffman-encoded here only when that is shorter.
/// </summary>
[TestClass]
public sealed class EncoderStrategyTests
{
    /// <summary>The seven status codes of the static table are one octet each (indices 8 to 14).</summary>
    [TestMethod]
    [DataRow(200, "88")]
    [DataRow(204, "89")]
    [DataRow(206, "8a")]
    [DataRow(304, "8b")]
    [DataRow(400, "8c")]
    [DataRow(404, "8d")]
    [DataRow(500, "8e")]
    public void EncodeStatus_StaticCodes_AreOneOctet(int status, string expected) => ToHex(Status(new HpackEncoder(), status)).ShouldBe(expected);

    /// <summary>Other codes are a literal without indexing naming static index 8 (0x08); "302" is Huffman (0x6402, shorter), "307" raw (Huffman is as long).</summary>
    [TestMethod]
    public void EncodeStatus_OtherCodes_AreLiteralsOnIndex8()
    {
        var encoder = new HpackEncoder();
        ToHex(Status(encoder, 302)).ShouldBe("08826402");
        ToHex(Status(encoder, 307)).ShouldBe("0803333037");
        encoder.Huffman = HpackHuffman.Never;
        ToHex(Status(encoder, 302)).ShouldBe("0803333032");
        encoder.DynamicTableCount.ShouldBe(0);

        var (error, sink) = Decode(new HpackDecoder(), [.. Status(new HpackEncoder(), 302), .. Status(new HpackEncoder(), 418)]);
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe([":status: 302", ":status: 418"]);
    }

    /// <summary>A status outside 100 to 999 is a programming error.</summary>
    [TestMethod]
    public void EncodeStatus_NotThreeDigits_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Status(new HpackEncoder(), 99));
        Should.Throw<ArgumentOutOfRangeException>(() => Status(new HpackEncoder(), 1000));
    }

    /// <summary>Fields likely to repeat (content-type, server, cache-control, custom names, a server's date) are indexed: the second time they are one octet.</summary>
    [TestMethod]
    [DataRow("content-type", "text/html; charset=utf-8", (byte)0x5f)]
    [DataRow("server", "roadrunner", (byte)0x76)]
    [DataRow("cache-control", "no-store", (byte)0x58)]
    [DataRow("x-frame-options", "DENY", (byte)0x40)]
    [DataRow("date", "Mon, 21 Oct 2013 20:13:21 GMT", (byte)0x61)]
    public void RepeatingFields_AreIndexed(string name, string value, byte firstOctet)
    {
        var encoder = new HpackEncoder();
        var first = EncodeBlock(encoder, new HeaderField(name, value));
        first[0].ShouldBe(firstOctet);
        EncodeBlock(encoder, new HeaderField(name, value)).ShouldBe(new byte[] { 0xbe });
    }

    /// <summary>Values that change every time are literals without indexing (0000 prefix) and leave the table alone.</summary>
    [TestMethod]
    [DataRow("content-length", "1234", "0f0d")]
    [DataRow("etag", "\"33a64df551425fcc\"", "0f13")]
    [DataRow("last-modified", "Mon, 21 Oct 2013 20:13:21 GMT", "0f1d")]
    [DataRow("expires", "Mon, 21 Oct 2013 20:13:21 GMT", "0f15")]
    [DataRow("if-none-match", "\"abc\"", "0f1a")]
    [DataRow(":path", "/search?q=hpack", "04")]
    public void ChangingFields_AreNotIndexed(string name, string value, string prefix)
    {
        var encoder = new HpackEncoder();
        var block = EncodeBlock(encoder, new HeaderField(name, value));
        ToHex(block).ShouldStartWith(prefix);
        encoder.DynamicTableCount.ShouldBe(0);
        EncodeBlock(encoder, new HeaderField(name, value)).ShouldBe(block, "still a literal the second time");
    }

    /// <summary>A path without a query is indexed (0x44, name index 4) and repeats as one octet.</summary>
    [TestMethod]
    public void PathWithoutQuery_IsIndexed()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField(":path", "/about"))[0].ShouldBe((byte)0x44);
        EncodeBlock(encoder, new HeaderField(":path", "/about")).ShouldBe(new byte[] { 0xbe });
        EncodeBlock(encoder, new HeaderField(":path", "/")).ShouldBe(new byte[] { 0x84 });
    }

    /// <summary>Credentials and set-cookie are never indexed (0001 prefix), stay literals when repeated, and decode as never indexed.</summary>
    [TestMethod]
    [DataRow("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", "1f08")]
    [DataRow("proxy-authorization", "Basic dXNlcjpwYXNz", "1f22")]
    [DataRow("set-cookie", "session=0123456789abcdef0123456789abcdef; Secure; HttpOnly", "1f28")]
    [DataRow("cookie", "id=42", "1f11")]
    public void SensitiveFields_AreNeverIndexed(string name, string value, string prefix)
    {
        var encoder = new HpackEncoder();
        var block = EncodeBlock(encoder, new HeaderField(name, value));
        ToHex(block).ShouldStartWith(prefix);
        encoder.DynamicTableCount.ShouldBe(0);
        EncodeBlock(encoder, new HeaderField(name, value)).ShouldBe(block);

        var (error, sink) = Decode(new HpackDecoder(), block);
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBe([new HeaderField(name, value, NeverIndexed: true)]);
    }

    /// <summary>§7.1.3's low-entropy advice is for short cookies: 19 octets are never indexed, 20 are indexed.</summary>
    [TestMethod]
    public void Cookie_ShortNeverIndexed_LongIndexed()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField("cookie", new string('c', 19)))[0].ShouldBe((byte)0x1f);
        EncodeBlock(encoder, new HeaderField("cookie", new string('c', 20)))[0].ShouldBe((byte)0x60);
        EncodeBlock(encoder, new HeaderField("cookie", new string('c', 20))).ShouldBe(new byte[] { 0xbe });
    }

    /// <summary>A field that arrived never indexed is passed on never indexed, whatever its name: "Intermediaries MUST use the same representation".</summary>
    [TestMethod]
    public void NeverIndexRequested_IsHonoured_EvenWhenInATable()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField("x-token", "abc"));
        var block = EncodeBlock(encoder, new HeaderField("x-token", "abc", NeverIndexed: true));
        block[0].ShouldBe((byte)0x1f, "never indexed, name from the dynamic table (index 62 = 15 + 47)");
        Decode(new HpackDecoder(), [.. EncodeBlock(new HpackEncoder(), new HeaderField(":method", "GET", NeverIndexed: true))]).Sink.Fields
            .ShouldBe([new HeaderField(":method", "GET", NeverIndexed: true)]);
    }

    /// <summary>Exact static matches are one index: ":method: GET" 0x82, "accept-encoding: gzip, deflate" 0x90, ":authority" with an empty value 0x81.</summary>
    [TestMethod]
    public void StaticExactMatches_AreIndexed()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField(":method", "GET"), new HeaderField("accept-encoding", "gzip, deflate"), new HeaderField(":authority", ""))
            .ShouldBe(new byte[] { 0x82, 0x90, 0x81 });
    }

    /// <summary>A new value for a name already in the dynamic table names it by index (0x7e = incremental, index 62).</summary>
    [TestMethod]
    public void DynamicName_IsReused()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField("x-custom", "a"))[0].ShouldBe((byte)0x40);
        EncodeBlock(encoder, new HeaderField("x-custom", "b"))[0].ShouldBe((byte)0x7e);
    }

    /// <summary>Huffman only when strictly shorter: "aaaa" shrinks (3 octets), "{}{}" and single octets do not.</summary>
    [TestMethod]
    public void Huffman_OnlyWhenShorter()
    {
        var encoder = new HpackEncoder();
        ToHex(EncodeField(encoder, "x", "aaaa", HpackIndexing.WithoutIndexing)).ShouldBe("0001" + "78" + "83" + "18c63f");
        ToHex(EncodeField(encoder, "x", "{}{}", HpackIndexing.WithoutIndexing)).ShouldBe("0001" + "78" + "04" + "7b7d7b7d");
        ToHex(EncodeField(encoder, "x", "a", HpackIndexing.WithoutIndexing)).ShouldBe("0001" + "78" + "01" + "61");
    }

    /// <summary>A field worth more than three quarters of the table is not indexed: it would evict everything else for itself.</summary>
    [TestMethod]
    public void HugeField_IsNotIndexed()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, new HeaderField("x-small", "1"));
        var block = EncodeBlock(encoder, new HeaderField("x-big", new string('z', 3100)));
        block[0].ShouldBe((byte)0x00);
        Entries(encoder.Table).ShouldBe(["x-small: 1"]);

        var noTable = new HpackEncoder(maxDynamicTableSize: 0);
        EncodeBlock(noTable, new HeaderField("x-small", "1"))[0].ShouldBe((byte)0x00, "with no table, nothing is indexed");
    }

    /// <summary>The table never grows past its maximum size, whatever is encoded.</summary>
    [TestMethod]
    public void Table_StaysBounded()
    {
        var encoder = new HpackEncoder(maxDynamicTableSize: 512);
        for (int i = 0; i < 500; i++)
        {
            EncodeBlock(encoder, new HeaderField($"x-h{i % 37}", new string('v', i % 90)));
            encoder.DynamicTableSize.ShouldBeLessThanOrEqualTo(512);
        }
    }

    /// <summary>
    /// Constant headers encoded once by a fresh encoder with no incremental indexing refer to the static table only,
    /// so the cached octets decode the same in any block of any connection.
    /// </summary>
    [TestMethod]
    public void PreEncodedConstants_DecodeAnywhere()
    {
        var fresh = new HpackEncoder();
        var writer = new ArrayBufferWriter<byte>();
        fresh.EncodeStatus(writer, 200);
        fresh.Encode(writer, Ascii("content-type"), Ascii("application/json"), HpackIndexing.WithoutIndexing);
        fresh.Encode(writer, Ascii("server"), Ascii("roadrunner"), HpackIndexing.WithoutIndexing);
        var cached = writer.WrittenSpan.ToArray();
        cached[0].ShouldBe((byte)0x88);

        var decoder = new HpackDecoder();
        var connection = new HpackEncoder();
        for (int i = 0; i < 5; i++)
        {
            Decode(decoder, EncodeBlock(connection, new HeaderField("x-request", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), new HeaderField("content-type", "text/plain"))).Error.IsNone.ShouldBeTrue();
            var (error, sink) = Decode(decoder, cached);
            error.IsNone.ShouldBeTrue();
            sink.Lines.ShouldBe([":status: 200", "content-type: application/json", "server: roadrunner"]);
        }
    }

    private static byte[] Status(HpackEncoder encoder, int status)
    {
        var writer = new ArrayBufferWriter<byte>();
        encoder.EncodeStatus(writer, status);
        return writer.WrittenSpan.ToArray();
    }
}
