using System.Buffers;
using BenchmarkDotNet.Attributes;
using Roadrunner.Hpack;

namespace Roadrunner.Benchmarks.Hpack;

/// <summary>
/// HPACK in steady state, with warm tables: decoding and encoding a request block shaped like RFC 7541 C.4 (Huffman
/// strings, a new field indexed every time) and a response block shaped like C.6 (a status, cached fields, a date, a
/// never-indexed set-cookie). Decoding allocates nothing; encoding writes into a reused buffer.
/// </summary>
[MemoryDiagnoser]
public class HpackBenchmark
{
    // RFC 7541 C.4.1 - C.4.3 and C.6.1 - C.6.3, verbatim.
    private static readonly byte[][] RequestWarmup =
    [
        Convert.FromHexString("828684418cf1e3c2e5f23a6ba0ab90f4ff"),
        Convert.FromHexString("828684be5886a8eb10649cbf"),
    ];

    private static readonly byte[] RequestBlock = Convert.FromHexString("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf");

    private static readonly byte[][] ResponseWarmup =
    [
        Convert.FromHexString(
            "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3"),
        Convert.FromHexString("4883640effc1c0bf"),
    ];

    private static readonly byte[] ResponseBlock = Convert.FromHexString(
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007");

    private static readonly (byte[] Name, byte[] Value)[] RequestFields =
    [
        (":method"u8.ToArray(), "GET"u8.ToArray()),
        (":scheme"u8.ToArray(), "https"u8.ToArray()),
        (":path"u8.ToArray(), "/index.html"u8.ToArray()),
        (":authority"u8.ToArray(), "www.example.com"u8.ToArray()),
        ("custom-key"u8.ToArray(), "custom-value"u8.ToArray()),
    ];

    private static readonly (byte[] Name, byte[] Value)[] ResponseFields =
    [
        ("cache-control"u8.ToArray(), "private"u8.ToArray()),
        ("date"u8.ToArray(), "Mon, 21 Oct 2013 20:13:22 GMT"u8.ToArray()),
        ("location"u8.ToArray(), "https://www.example.com"u8.ToArray()),
        ("content-encoding"u8.ToArray(), "gzip"u8.ToArray()),
        ("set-cookie"u8.ToArray(), "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"u8.ToArray()),
    ];

    private readonly HpackDecoder _requestDecoder = new();
    private readonly HpackDecoder _responseDecoder = new();
    private readonly HpackEncoder _requestEncoder = new();
    private readonly HpackEncoder _responseEncoder = new();
    private readonly ArrayBufferWriter<byte> _writer = new(1024);
    private readonly CountingSink _sink = new();

    /// <summary>Brings every table to its working state, as on a connection that has already carried a few messages.</summary>
    [GlobalSetup]
    public void Setup()
    {
        foreach (var block in RequestWarmup) _requestDecoder.Decode(block, _sink);
        foreach (var block in ResponseWarmup) _responseDecoder.Decode(block, _sink);
        for (int i = 0; i < 3; i++)
        {
            _requestDecoder.Decode(RequestBlock, _sink);
            _responseDecoder.Decode(ResponseBlock, _sink);
            EncodeRequest();
            EncodeResponse();
        }
    }

    /// <summary>Decodes the C.4.3-shaped request: four indexed fields and a Huffman literal added to the table.</summary>
    [Benchmark]
    public long DecodeRequest()
    {
        _requestDecoder.Decode(RequestBlock, _sink);
        return _sink.Octets;
    }

    /// <summary>Decodes the C.6.3-shaped response: a status, two indexed fields and three Huffman literals added to the table, with eviction.</summary>
    [Benchmark]
    public long DecodeResponse()
    {
        _responseDecoder.Decode(ResponseBlock, _sink);
        return _sink.Octets;
    }

    /// <summary>Encodes the same request fields with the default strategy: every field is in a table by now.</summary>
    [Benchmark]
    public int EncodeRequest()
    {
        _writer.ResetWrittenCount();
        _requestEncoder.BeginBlock(_writer);
        foreach (var (name, value) in RequestFields) _requestEncoder.Encode(_writer, name, value);
        return _writer.WrittenCount;
    }

    /// <summary>Encodes the same response fields with the default strategy: indexed status, fields and date (the same second), a never-indexed set-cookie.</summary>
    [Benchmark]
    public int EncodeResponse()
    {
        _writer.ResetWrittenCount();
        _responseEncoder.BeginBlock(_writer);
        _responseEncoder.EncodeStatus(_writer, 200);
        foreach (var (name, value) in ResponseFields) _responseEncoder.Encode(_writer, name, value);
        return _writer.WrittenCount;
    }

    private sealed class CountingSink : IHeaderSink
    {
        public long Octets { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) => Octets += name.Length + value.Length;
    }
}
