using System.Buffers;
using BenchmarkDotNet.Attributes;
using Roadrunner.Hpack;
using Roadrunner.Qpack;

namespace Roadrunner.Benchmarks.Qpack;

/// <summary>
/// QPACK in steady state: encoding and decoding a typical request and response header section, with the peer's table
/// off (static table and literals, what most clients start with) and with a warm, acknowledged 4096-octet dynamic
/// table. Every section is acknowledged as it would be on a connection, so the bookkeeping stays at its working size.
/// </summary>
[MemoryDiagnoser]
public class QpackBenchmark
{
    private static readonly (byte[] Name, byte[] Value)[] RequestFields =
    [
        (":method"u8.ToArray(), "GET"u8.ToArray()),
        (":scheme"u8.ToArray(), "https"u8.ToArray()),
        (":authority"u8.ToArray(), "www.example.com"u8.ToArray()),
        (":path"u8.ToArray(), "/index.html"u8.ToArray()),
        ("user-agent"u8.ToArray(), "Mozilla/5.0 (X11; Linux x86_64) Roadrunner/1.0"u8.ToArray()),
        ("accept"u8.ToArray(), "*/*"u8.ToArray()),
        ("accept-encoding"u8.ToArray(), "gzip, deflate, br"u8.ToArray()),
        ("accept-language"u8.ToArray(), "en-US,en;q=0.9"u8.ToArray()),
        ("cookie"u8.ToArray(), "session=8f14e45fceea167a5a36dedd4bea2543"u8.ToArray()),
    ];

    private static readonly (byte[] Name, byte[] Value)[] ResponseFields =
    [
        (":status"u8.ToArray(), "200"u8.ToArray()),
        ("content-type"u8.ToArray(), "text/html; charset=utf-8"u8.ToArray()),
        ("content-length"u8.ToArray(), "5120"u8.ToArray()),
        ("date"u8.ToArray(), "Mon, 21 Oct 2013 20:13:21 GMT"u8.ToArray()),
        ("server"u8.ToArray(), "roadrunner"u8.ToArray()),
        ("cache-control"u8.ToArray(), "private"u8.ToArray()),
        ("etag"u8.ToArray(), "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""u8.ToArray()),
        ("strict-transport-security"u8.ToArray(), "max-age=31536000"u8.ToArray()),
    ];

    /// <summary>A Section Acknowledgment for stream 0 (RFC 9204 §4.4.1).</summary>
    private static readonly byte[] AckStream0 = [0x80];

    private readonly ArrayBufferWriter<byte> _writer = new(1024);
    private readonly ArrayBufferWriter<byte> _stream = new(1024);
    private readonly CountingSink _sink = new();
    private QpackEncoder _requestEncoder = null!;
    private QpackEncoder _responseEncoder = null!;
    private QpackDecoder _requestDecoder = null!;
    private QpackDecoder _responseDecoder = null!;
    private byte[] _requestSection = [];
    private byte[] _responseSection = [];

    /// <summary>True: the peer allows a 4096-octet table and 16 blocked streams; false: its table capacity is 0.</summary>
    [Params(false, true)]
    public bool DynamicTable { get; set; }

    /// <summary>Joins an encoder and a decoder per direction and runs a few messages through them, acknowledged.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int capacity = DynamicTable ? 4096 : 0;
        (_requestEncoder, _requestDecoder, _requestSection) = Warm(RequestFields, capacity);
        (_responseEncoder, _responseDecoder, _responseSection) = Warm(ResponseFields, capacity);
    }

    /// <summary>Decodes the request section.</summary>
    [Benchmark]
    public long DecodeRequest() => Decode(_requestDecoder, _requestSection);

    /// <summary>Decodes the response section.</summary>
    [Benchmark]
    public long DecodeResponse() => Decode(_responseDecoder, _responseSection);

    /// <summary>Encodes the request section (and takes its acknowledgment).</summary>
    [Benchmark]
    public int EncodeRequest() => Encode(_requestEncoder, RequestFields);

    /// <summary>Encodes the response section (and takes its acknowledgment).</summary>
    [Benchmark]
    public int EncodeResponse() => Encode(_responseEncoder, ResponseFields);

    private long Decode(QpackDecoder decoder, byte[] section)
    {
        decoder.DecodeSection(0, section, _sink);
        _stream.ResetWrittenCount();
        decoder.WriteDecoderStream(_stream);
        return _sink.Octets;
    }

    private int Encode(QpackEncoder encoder, (byte[] Name, byte[] Value)[] fields)
    {
        _writer.ResetWrittenCount();
        encoder.BeginSection(0);
        foreach (var (name, value) in fields) encoder.Encode(name, value);
        encoder.EndSection(_writer);
        if (_writer.WrittenSpan[0] != 0) encoder.ReceiveDecoderStream(AckStream0);
        return _writer.WrittenCount;
    }

    private (QpackEncoder, QpackDecoder, byte[]) Warm((byte[] Name, byte[] Value)[] fields, int capacity)
    {
        var encoder = new QpackEncoder();
        var decoder = new QpackDecoder(maxTableCapacity: capacity, maxBlockedStreams: 16);
        encoder.ApplyPeerSettings(capacity, 16);
        byte[] section = [];
        for (int i = 0; i < 4; i++)
        {
            _writer.ResetWrittenCount();
            encoder.BeginSection(0);
            foreach (var (name, value) in fields) encoder.Encode(name, value);
            encoder.EndSection(_writer);
            section = _writer.WrittenSpan.ToArray();
            _stream.ResetWrittenCount();
            encoder.WriteEncoderStream(_stream);
            decoder.ReceiveEncoderStream(_stream.WrittenSpan);
            decoder.DecodeSection(0, section, _sink);
            _stream.ResetWrittenCount();
            decoder.WriteDecoderStream(_stream);
            encoder.ReceiveDecoderStream(_stream.WrittenSpan);
        }
        return (encoder, decoder, section);
    }

    private sealed class CountingSink : IHeaderSink
    {
        public long Octets { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) => Octets += name.Length + value.Length;
    }
}
