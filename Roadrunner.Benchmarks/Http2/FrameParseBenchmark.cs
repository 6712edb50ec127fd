using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Benchmarks.Http2;

/// <summary>
/// Parsing frames: a request (HEADERS then DATA) and a burst of 100 small DATA frames, through the frame codec alone
/// and through a server connection (state machine, flow control, events, credit granted back).
/// </summary>
[MemoryDiagnoser]
public class FrameParseBenchmark
{
    private readonly ArrayBufferWriter<byte> _sink = new(64 * 1024);
    private byte[] _request = [];
    private byte[] _hundredData = [];
    private Http2Connection _connection = null!;
    private int _nextStreamId;

    /// <summary>Builds the inputs once with the frame writers, and a server connection past its handshake.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>();

        // A browser-like GET with content: literal fields without indexing (RFC 7541 §6.2.2), so it decodes the same every time.
        var block = new ArrayBufferWriter<byte>();
        foreach (var (name, value) in new[]
        {
            (":method", "POST"), (":scheme", "https"), (":path", "/api/items?page=2"), (":authority", "example.com"),
            ("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Benchmark/1.0"), ("accept", "application/json"),
            ("accept-encoding", "gzip, deflate, br"), ("content-type", "application/json"), ("content-length", "64"),
        })
        {
            block.Write([(byte)0]);
            block.Write([(byte)name.Length]);
            block.Write(System.Text.Encoding.ASCII.GetBytes(name));
            block.Write([(byte)value.Length]);
            block.Write(System.Text.Encoding.ASCII.GetBytes(value));
        }

        Http2HeadersFrame.Write(buffer, 1, block.WrittenSpan, endStream: false, endHeaders: true);
        Http2DataFrame.Write(buffer, 1, new byte[64], endStream: true);
        _request = buffer.WrittenSpan.ToArray();

        buffer.Clear();
        for (int i = 0; i < 100; i++) Http2DataFrame.Write(buffer, 1, new byte[64], endStream: false);
        _hundredData = buffer.WrittenSpan.ToArray();

        _connection = new Http2Connection(Http2Role.Server, new Http2Options { MaxResetsPerInterval = int.MaxValue }, 0);
        buffer.Clear();
        buffer.Write(Http2Preface.Bytes);
        Http2SettingsFrame.Write(buffer, []);
        Http2SettingsFrame.WriteAck(buffer);
        Http2HeadersFrame.Write(buffer, 1, block.WrittenSpan, endStream: false, endHeaders: true);
        _connection.Receive(buffer.WrittenSpan, 0);
        Drain();
        _nextStreamId = 3;
    }

    /// <summary>Frees the connection's pooled buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    /// <summary>Frame codec only: split HEADERS and DATA and parse both payloads.</summary>
    [Benchmark]
    public int HeadersAndData_Codec()
    {
        ReadOnlySpan<byte> input = _request;
        int total = 0;
        while (Http2FrameReader.TryReadFrame(ref input, out var header, out var payload))
        {
            if (header.Type == Http2FrameType.HEADERS)
            {
                Http2HeadersFrame.TryRead(header, payload, out var headers);
                total += headers.Fragment.Length;
            }
            else
            {
                Http2DataFrame.TryRead(header, payload, out var data);
                total += data.Data.Length;
            }
        }

        return total;
    }

    /// <summary>Frame codec only: split and parse 100 DATA frames of 64 bytes.</summary>
    [Benchmark]
    public int HundredSmallData_Codec()
    {
        ReadOnlySpan<byte> input = _hundredData;
        int total = 0;
        while (Http2FrameReader.TryReadFrame(ref input, out var header, out var payload))
        {
            Http2DataFrame.TryRead(header, payload, out var data);
            total += data.Data.Length;
        }

        return total;
    }

    /// <summary>
    /// Server connection: a request opens a new stream (HPACK decode, §8 validation, state table), its DATA ends it;
    /// the events are read and the stream reset so the next iteration can open another.
    /// </summary>
    [Benchmark]
    public int HeadersAndData_Connection()
    {
        int streamId = _nextStreamId;
        _nextStreamId += 2;
        BinaryPrimitives.WriteInt32BigEndian(_request.AsSpan(5), streamId);
        int dataAt = Http2FrameHeader.Size + Http2FrameHeader.Read(_request).Length;
        BinaryPrimitives.WriteInt32BigEndian(_request.AsSpan(dataAt + 5), streamId);
        _connection.Receive(_request, 0);
        int events = Drain();
        _connection.ResetStream(streamId, Http2ErrorCode.NO_ERROR);
        _sink.ResetWrittenCount();
        _connection.WritePending(_sink);
        return events;
    }

    /// <summary>Server connection: 100 DATA frames of 64 bytes on an open stream, consumed as read (WINDOW_UPDATE credit included).</summary>
    [Benchmark]
    public int HundredSmallData_Connection()
    {
        _connection.Receive(_hundredData, 0);
        int events = Drain();
        _sink.ResetWrittenCount();
        _connection.WritePending(_sink);
        return events;
    }

    private int Drain()
    {
        int count = 0;
        while (_connection.TryReadEvent(out var e))
        {
            count++;
            if (e.Kind == Http2EventKind.DataReceived) _connection.ConsumeData(e.StreamId, e.Data.Length);
        }

        return count;
    }
}
