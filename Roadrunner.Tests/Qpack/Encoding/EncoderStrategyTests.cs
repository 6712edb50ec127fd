using Roadrunner.Hpack;
using Roadrunner.Qpack;
using Roadrunner.Tests.Hpack.Support;
using Roadrunner.Tests.Qpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Encoding;

/// <summary>The encoder's choices: static first, inserts for what repeats, blocking within the peer's limit, never-index for secrets.</summary>
[TestClass]
public sealed class EncoderStrategyTests
{
    /// <summary>With the peer's capacity at 0 (most clients' opening SETTINGS), only the static table and literals are used.</summary>
    [TestMethod]
    public void PeerCapacityZero_StaticAndLiteralsOnly()
    {
        using var encoder = new QpackEncoder();
        encoder.ApplyPeerSettings(maxTableCapacity: 0, blockedStreams: 100);
        for (int i = 0; i < 3; i++)
        {
            var section = EncodeSection(encoder, 4 * i, new HeaderField(":method", "GET"), new HeaderField(":path", "/a"), new HeaderField("x-custom", "same"));
            ToHex(section.AsSpan(0, 4)).ShouldBe("0000d151");   // prefix 0/0, :method GET (17), literal with :path name
        }
        encoder.HasEncoderStreamData.ShouldBeFalse();
        encoder.InsertCount.ShouldBe(0);
    }

    [TestMethod]
    public void StaticExactMatch_IsOneOctet()
    {
        using var encoder = new QpackEncoder();
        ToHex(EncodeSection(encoder, 0, new HeaderField(":status", "200"), new HeaderField(":status", "500"), new HeaderField("content-type", "application/json")))
            .ShouldBe("0000" + "d9" + "ff08" + "ee");   // 0xc0 | 25; 71 = 63 in the prefix + 8; 0xc0 | 46
    }

    /// <summary>§7.1.3: authorization, cookie and set-cookie are literals with the N bit, never inserted, even with a table.</summary>
    [TestMethod]
    public void SensitiveFields_AreNeverIndexed()
    {
        using var pipe = new QpackPipe(4096, 4096, 10);
        for (int i = 0; i < 2; i++)
        {
            var fields = pipe.RoundTrip(4 * i,
            [
                new HeaderField("authorization", "Bearer abc"),
                new HeaderField("cookie", "id=1"),
                new HeaderField("set-cookie", "id=2"),
                new HeaderField("x-secret", "s", NeverIndexed: true),
            ]);
            fields.ShouldAllBe(f => f.NeverIndexed);
        }
        pipe.Encoder.InsertCount.ShouldBe(0);
    }

    /// <summary>Cookie's first octet: literal with static name reference 5, N = 1, T = 1.</summary>
    [TestMethod]
    public void Cookie_UsesStaticNameWithNBit()
    {
        using var encoder = new QpackEncoder();
        EncodeSection(encoder, 0, new HeaderField("cookie", "a=b"))[2].ShouldBe((byte)0x75);
    }

    /// <summary>Strings are Huffman-coded only when strictly shorter.</summary>
    [TestMethod]
    public void Huffman_OnlyWhenShorter()
    {
        using var encoder = new QpackEncoder();
        // "www.example.com" is 12 octets in Huffman instead of 15: literal with static name 0 (0x50), then H | 12.
        ToHex(EncodeSection(encoder, 0, new HeaderField(":authority", "www.example.com"))).ShouldBe("0000508cf1e3c2e5f23a6ba0ab90f4ff");
        // "{}" grows under Huffman (15 bits each): raw.
        ToHex(EncodeSection(encoder, 0, new HeaderField(":path", "{}"))).ShouldBe("000051027b7d");
    }

    /// <summary>Values that change every message are not inserted.</summary>
    [TestMethod]
    public void VolatileFields_AreNotInserted()
    {
        using var pipe = new QpackPipe(4096, 4096, 10);
        pipe.RoundTrip(0, [new HeaderField("content-length", "123"), new HeaderField("etag", "\"33a64df5\""), new HeaderField(":path", "/s?q=1")]);
        pipe.Encoder.InsertCount.ShouldBe(0);
    }

    /// <summary>A server's date repeats on every answer in the same second: inserted once, then one octet.</summary>
    [TestMethod]
    public void Date_IsInsertedAndReferenced()
    {
        using var pipe = new QpackPipe(4096, 4096, 10);
        var first = pipe.Encode(0, [new HeaderField("date", "Mon, 21 Oct 2013 20:13:21 GMT")]);
        pipe.Encoder.InsertCount.ShouldBe(1);
        ToHex(first).ShouldBe("028010");   // RIC 1, Base 0, post-base 0
        pipe.DeliverEncoderStream();
        Decode(pipe.Decoder, 0, first).Sink.Lines.ShouldBe(["date: Mon, 21 Oct 2013 20:13:21 GMT"]);
        pipe.DeliverDecoderStream();

        var second = pipe.Encode(4, [new HeaderField("date", "Mon, 21 Oct 2013 20:13:21 GMT")]);
        ToHex(second).ShouldBe("020080");   // RIC 1, Base 1, relative 0
        pipe.Encoder.InsertCount.ShouldBe(1);
    }

    /// <summary>A field that repeats is inserted once and then one octet; with blocking allowed the first use references it at once.</summary>
    [TestMethod]
    public void RepeatedField_IsInsertedAndReferenced()
    {
        using var pipe = new QpackPipe(4096, 4096, 10);
        var first = pipe.Encode(0, [new HeaderField("x-app", "roadrunner")]);
        pipe.Encoder.InsertCount.ShouldBe(1);
        ToHex(first).ShouldBe("028010");   // RIC 1, Base 0, post-base 0
        pipe.DeliverEncoderStream();
        Decode(pipe.Decoder, 0, first).Sink.Lines.ShouldBe(["x-app: roadrunner"]);
        pipe.DeliverDecoderStream();

        var second = pipe.Encode(4, [new HeaderField("x-app", "roadrunner")]);
        ToHex(second).ShouldBe("020080");   // RIC 1, Base 1, relative 0
        pipe.Encoder.InsertCount.ShouldBe(1);
    }

    /// <summary>With no blocking allowed, the first use is a literal; once the insert is acknowledged the field is an index.</summary>
    [TestMethod]
    public void NoBlockingAllowed_LiteralUntilAcknowledged()
    {
        using var pipe = new QpackPipe(4096, 4096, blockedStreams: 0);
        var first = pipe.Encode(0, [new HeaderField("x-app", "roadrunner")]);
        first[0].ShouldBe((byte)0);   // Required Insert Count 0: cannot block
        pipe.Encoder.InsertCount.ShouldBe(1);
        pipe.DeliverEncoderStream();
        Decode(pipe.Decoder, 0, first).Result.Status.ShouldBe(QpackSectionStatus.Decoded);

        var beforeAck = pipe.Encode(4, [new HeaderField("x-app", "roadrunner")]);
        beforeAck[0].ShouldBe((byte)0);
        pipe.DeliverDecoderStream();   // Insert Count Increment
        ToHex(pipe.Encode(8, [new HeaderField("x-app", "roadrunner")])).ShouldBe("020080");
    }

    /// <summary>§2.1.2: "An encoder MUST limit the number of streams that could become blocked to the value of SETTINGS_QPACK_BLOCKED_STREAMS at all times."</summary>
    [TestMethod]
    public void S2_1_2_NeverMoreBlockingStreamsThanAllowed()
    {
        using var pipe = new QpackPipe(4096, 4096, blockedStreams: 2);
        var sections = new List<byte[]>();
        for (int i = 0; i < 6; i++)
        {
            sections.Add(pipe.Encode(4 * i, [new HeaderField("x-n", "v" + i), new HeaderField("x-app", "roadrunner")]));
            pipe.Encoder.BlockingStreamCount.ShouldBeLessThanOrEqualTo(2);
        }

        // Deliver the sections before the encoder stream: the decoder sees at most two blocked streams.
        using var decoder = new QpackDecoder(4096, 2);
        var sinks = new List<RecordingSink>();
        for (int i = 0; i < sections.Count; i++)
        {
            var sink = new RecordingSink();
            sinks.Add(sink);
            var result = decoder.DecodeSection(4 * i, sections[i], sink);
            result.Status.ShouldNotBe(QpackSectionStatus.Failed);
        }
        decoder.BlockedStreamCount.ShouldBe(2);
    }

    /// <summary>§2.1.1: an entry an unacknowledged section references is never evicted; the insert is skipped and a literal sent.</summary>
    [TestMethod]
    public void S2_1_1_ReferencedEntry_IsNotEvicted()
    {
        using var pipe = new QpackPipe(100, 100, blockedStreams: 10);
        var first = pipe.Encode(0, [new HeaderField("x-a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]);   // 3 + 33 + 32 = 68 of 100
        pipe.Encoder.InsertCount.ShouldBe(1);
        var second = pipe.Encode(4, [new HeaderField("x-b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]);
        pipe.Encoder.InsertCount.ShouldBe(1);   // would evict the entry stream 0 references
        second[0].ShouldBe((byte)0);

        // Once stream 0 is acknowledged the entry can go.
        pipe.DeliverEncoderStream();
        Decode(pipe.Decoder, 0, first).Result.Status.ShouldBe(QpackSectionStatus.Decoded);
        Decode(pipe.Decoder, 4, second).Result.Status.ShouldBe(QpackSectionStatus.Decoded);
        pipe.DeliverDecoderStream();
        pipe.Encode(8, [new HeaderField("x-b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]);
        pipe.Encoder.InsertCount.ShouldBe(2);
        Entries(pipe.Encoder.Table).ShouldBe(["1 x-b: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]);
    }

    /// <summary>A field too large for three quarters of the table is sent as a literal.</summary>
    [TestMethod]
    public void LargeField_IsNotInserted()
    {
        using var pipe = new QpackPipe(100, 100, 10);
        pipe.RoundTrip(0, [new HeaderField("x-big", new string('z', 60))]);
        pipe.Encoder.InsertCount.ShouldBe(0);
    }

    /// <summary>A peer that never acknowledges cannot make the encoder track sections without bound: past the cap, sections use no dynamic entry.</summary>
    [TestMethod]
    public void UnacknowledgedSections_AreCapped()
    {
        using var encoder = new QpackEncoder();
        encoder.ApplyPeerSettings(4096, 0);
        EncodeSection(encoder, 0, new HeaderField("x-app", "roadrunner"));
        encoder.ReceiveDecoderStream(Hex("01")).IsNone.ShouldBeTrue();
        for (int i = 1; i <= QpackEncoder.MaxOutstandingSections; i++) EncodeSection(encoder, 4 * i, new HeaderField("x-app", "roadrunner"))[0].ShouldNotBe((byte)0);
        EncodeSection(encoder, 8000, new HeaderField("x-app", "roadrunner"))[0].ShouldBe((byte)0);
        encoder.ReceiveDecoderStream(Hex("84")).IsNone.ShouldBeTrue();
        EncodeSection(encoder, 8004, new HeaderField("x-app", "roadrunner"))[0].ShouldNotBe((byte)0);
    }

    [TestMethod]
    public void Misuse_Throws()
    {
        using var encoder = new QpackEncoder();
        Should.Throw<InvalidOperationException>(() => encoder.Encode("a"u8, "b"u8));
        Should.Throw<InvalidOperationException>(() => encoder.EndSection(new System.Buffers.ArrayBufferWriter<byte>()));
        encoder.BeginSection(0);
        Should.Throw<InvalidOperationException>(() => encoder.BeginSection(4));
        encoder.ApplyPeerSettings(0, 0);
        Should.Throw<InvalidOperationException>(() => encoder.ApplyPeerSettings(0, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new QpackEncoder(-1));
    }
}
