using System.Buffers;
using System.Text;
using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Writing;
using Shouldly;

namespace Roadrunner.Tests.Http1.Writing;

/// <summary>RFC 9112 §7.1: writing the chunked coding, with trailers.</summary>
[TestClass]
public sealed class Section7_1_ChunkedWritingTests
{
    private static string Written(Action<ArrayBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.Latin1.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF, size in hex.</summary>
    [TestMethod]
    public void S7_1_WriteChunk_ExactBytes()
    {
        Written(b => Http1ResponseWriter.WriteChunk(b, "hello"u8)).ShouldBe("5\r\nhello\r\n");
        Written(b => Http1ResponseWriter.WriteChunk(b, new byte[26])).ShouldStartWith("1a\r\n");
        Written(b => Http1ResponseWriter.WriteChunk(b, new byte[4096])).ShouldStartWith("1000\r\n");
    }

    /// <summary>An empty chunk would be the last-chunk (RFC 9112 §7.1), so it writes nothing.</summary>
    [TestMethod]
    public void S7_1_EmptyChunk_WritesNothing() =>
        Written(b => Http1ResponseWriter.WriteChunk(b, default)).ShouldBe("");

    /// <summary>A chunk can be framed around data the caller writes itself.</summary>
    [TestMethod]
    public void S7_1_ChunkHeaderAndEnd_FrameCallerData()
    {
        Written(b =>
        {
            Http1ResponseWriter.WriteChunkHeader(b, 255);
            b.Write(new byte[255]);
            Http1ResponseWriter.WriteChunkEnd(b);
        }).ShouldStartWith("ff\r\n");
        Should.Throw<ArgumentOutOfRangeException>(() => Http1ResponseWriter.WriteChunkHeader(new ArrayBufferWriter<byte>(), 0));
    }

    /// <summary>RFC 9112 §7.1: last-chunk trailer-section CRLF.</summary>
    [TestMethod]
    public void S7_1_2_LastChunk_WithAndWithoutTrailers()
    {
        Written(b => Http1ResponseWriter.WriteLastChunk(b, null)).ShouldBe("0\r\n\r\n");
        Written(b => Http1ResponseWriter.WriteLastChunk(b, [new("x-checksum", "abc123"), new("Server-Timing", "db;dur=53")]))
            .ShouldBe("0\r\nx-checksum: abc123\r\nServer-Timing: db;dur=53\r\n\r\n");
    }

    /// <summary>Trailers are validated like headers, all before anything is written.</summary>
    [TestMethod]
    public void S7_1_2_InvalidTrailer_ThrowsBeforeWriting()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Should.Throw<ArgumentException>(() => Http1ResponseWriter.WriteLastChunk(buffer, [new("ok", "1"), new("bad name", "2")]));
        Should.Throw<ArgumentException>(() => Http1ResponseWriter.WriteLastChunk(buffer, [new("ok", "1\r\nx: y")]));
        buffer.WrittenCount.ShouldBe(0);
    }

    /// <summary>What the writer frames, the decoder reads back: decode(encode(x)) == x, trailers included.</summary>
    [TestMethod]
    public void S7_1_RoundTrip_ThroughTheDecoder()
    {
        var random = new Random(7);
        var buffer = new ArrayBufferWriter<byte>();
        var expected = new List<byte>();
        for (int i = 0; i < 20; i++)
        {
            var data = new byte[random.Next(0, 3000)];
            random.NextBytes(data);
            expected.AddRange(data);
            Http1ResponseWriter.WriteChunk(buffer, data);
        }
        Http1ResponseWriter.WriteLastChunk(buffer, [new("x-checksum", "42")]);

        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        var input = buffer.WrittenSpan;
        var body = new List<byte>();
        while (true)
        {
            var status = decoder.Decode(input, out int consumed, out int offset, out int length, out _);
            status.ShouldNotBe(BodyDecodeStatus.Error);
            if (status == BodyDecodeStatus.Data) body.AddRange(input.Slice(offset, length).ToArray());
            if (status == BodyDecodeStatus.Complete)
            {
                decoder.Trailers.Length.ShouldBe(1);
                decoder.Trailers[0].Value(input).SequenceEqual("42"u8).ShouldBeTrue();
                input = input[consumed..];
                break;
            }
            input = input[consumed..];
        }
        input.Length.ShouldBe(0);
        body.ShouldBe(expected);
    }
}
