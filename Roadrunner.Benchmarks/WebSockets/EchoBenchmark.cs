using System.Buffers;
using BenchmarkDotNet.Attributes;
using Roadrunner.WebSockets.Frames;
using Roadrunner.WebSockets.Session;

namespace Roadrunner.Benchmarks.WebSockets;

/// <summary>
/// A server session receiving one masked 64-byte binary message and echoing it: frame parse, unmask, event, frame
/// write into the output. Steady state, so it should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class EchoBenchmark : IDisposable
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private WebSocketSession _session = null!;
    private byte[] _frame = [];

    /// <summary>Builds the frame and the session.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[64];
        new Random(1).NextBytes(payload);
        var frame = new ArrayBufferWriter<byte>();
        FrameWriter.Write(frame, WebSocketOpcode.Binary, true, false, payload, masked: true, maskKey: 0x3d21fa37);
        _frame = frame.WrittenSpan.ToArray();
        _session = new WebSocketSession(_output);
    }

    /// <summary>Receive, read the message, echo it.</summary>
    [Benchmark]
    public int ReceiveAndEcho()
    {
        _output.ResetWrittenCount();
        _session.Receive(_frame, 0);
        _session.TryReadEvent(out var message);
        _session.SendBinary(message.Payload.Span);
        return _output.WrittenCount;
    }

    /// <summary>Releases the session.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _session.Dispose();
        GC.SuppressFinalize(this);
    }
}
