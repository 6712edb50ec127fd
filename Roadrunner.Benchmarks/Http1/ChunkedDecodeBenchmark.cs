using System.Buffers;
using BenchmarkDotNet.Attributes;
using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Writing;

namespace Roadrunner.Benchmarks.Http1;

/// <summary>Decoding a chunked body of ten 1 KiB chunks with a trailer, in place.</summary>
[MemoryDiagnoser]
public class ChunkedDecodeBenchmark
{
    private readonly Http1BodyDecoder _decoder = new();
    private byte[] _body = [];

    /// <summary>Builds the body once with the response writer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[1024];
        for (int i = 0; i < 10; i++) Http1ResponseWriter.WriteChunk(buffer, chunk);
        Http1ResponseWriter.WriteLastChunk(buffer, [new("x-checksum", "1234")]);
        _body = buffer.WrittenSpan.ToArray();
    }

    /// <summary>All chunks and the trailer in one buffer.</summary>
    [Benchmark]
    public long TenChunksWithTrailer()
    {
        _decoder.Start(BodyFraming.Chunked, -1);
        ReadOnlySpan<byte> input = _body;
        while (true)
        {
            var status = _decoder.Decode(input, out int consumed, out _, out _, out _);
            input = input[consumed..];
            if (status is BodyDecodeStatus.Complete or BodyDecodeStatus.Error or BodyDecodeStatus.NeedMoreData) break;
        }
        return _decoder.Received;
    }
}
