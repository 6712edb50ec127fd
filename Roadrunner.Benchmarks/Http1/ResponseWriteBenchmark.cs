using System.Buffers;
using BenchmarkDotNet.Attributes;
using Roadrunner.Http1.Writing;

namespace Roadrunner.Benchmarks.Http1;

/// <summary>Writing a small response (status, Date, Content-Type, Content-Length, 13-byte body) into a reused buffer.</summary>
[MemoryDiagnoser]
public class ResponseWriteBenchmark
{
    private static readonly byte[] Body = "hello, world!"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly DateHeaderCache _date = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The whole response, string name and value for Content-Type.</summary>
    [Benchmark(Baseline = true)]
    public int HelloResponse()
    {
        _buffer.ResetWrittenCount();
        Http1ResponseWriter.WriteStatusLine(_buffer, 200);
        _buffer.Write(_date.FieldLine);
        Http1ResponseWriter.WriteHeader(_buffer, "Content-Type", "text/plain");
        Http1ResponseWriter.WriteContentLength(_buffer, Body.Length);
        Http1ResponseWriter.WriteEndOfHeaders(_buffer);
        _buffer.Write(Body);
        return _buffer.WrittenCount;
    }

    /// <summary>The same response with the Content-Type field given as bytes.</summary>
    [Benchmark]
    public int HelloResponseUtf8Field()
    {
        _buffer.ResetWrittenCount();
        Http1ResponseWriter.WriteStatusLine(_buffer, 200);
        _buffer.Write(_date.FieldLine);
        Http1ResponseWriter.WriteHeader(_buffer, "Content-Type"u8, "text/plain"u8);
        Http1ResponseWriter.WriteContentLength(_buffer, Body.Length);
        Http1ResponseWriter.WriteEndOfHeaders(_buffer);
        _buffer.Write(Body);
        return _buffer.WrittenCount;
    }
}
