using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Roadrunner.WebSockets.Buffers;
using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.Benchmarks.WebSockets;

/// <summary>
/// permessage-deflate (RFC 7692) of 1 KiB text messages: compression with context takeover (one deflater across
/// messages) and without (a fresh deflater per message), and inflation with its bound.
/// </summary>
[MemoryDiagnoser]
public class DeflateBenchmark : IDisposable
{
    private const int MessageCount = 256;
    private readonly byte[][] _messages = new byte[MessageCount][];
    private byte[] _compressed = [];
    private MessageCompressor _takeover = null!;
    private MessageCompressor _fresh = null!;
    private MessageDecompressor _decompressor = null!;
    private readonly PooledByteBuffer _inflated = new();
    private int _next;

    /// <summary>Builds 256 different 1 KiB messages (256 KiB in all, beyond the 32 KiB window) and one compressed message.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] words = ["order", "status", "shipped", "price", "amount", "customer", "id", "true", "false", "null", "items", "total"];
        var random = new Random(3);
        for (int m = 0; m < MessageCount; m++)
        {
            var text = new StringBuilder("{");
            while (text.Length < 1024) text.Append('"').Append(words[random.Next(words.Length)]).Append("\":").Append(random.Next(100000)).Append(',');
            _messages[m] = Encoding.ASCII.GetBytes(text.ToString(0, 1024));
        }
        _takeover = new MessageCompressor(CompressionLevel.Fastest, noContextTakeover: false);
        _fresh = new MessageCompressor(CompressionLevel.Fastest, noContextTakeover: true);
        _decompressor = new MessageDecompressor();
        using var first = new MessageCompressor(CompressionLevel.Fastest, noContextTakeover: true);
        _compressed = first.Compress(_messages[0], endOfMessage: true).ToArray();
    }

    /// <summary>Compress the next message, keeping the window across messages.</summary>
    [Benchmark]
    public int CompressContextTakeover() => _takeover.Compress(_messages[_next++ % MessageCount], endOfMessage: true).Length;

    /// <summary>Compress the next message from an empty window (server_no_context_takeover).</summary>
    [Benchmark]
    public int CompressNoContextTakeover() => _fresh.Compress(_messages[_next++ % MessageCount], endOfMessage: true).Length;

    /// <summary>Inflate one compressed 1 KiB message (with the tail appended), bounded to 10 MB.</summary>
    [Benchmark]
    public int Decompress()
    {
        _inflated.Clear();
        _decompressor.Inflate(_compressed, startOfMessage: true, endOfMessage: true, _inflated, 10_000_000);
        return _inflated.Length;
    }

    /// <summary>Releases the deflate state.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _takeover.Dispose();
        _fresh.Dispose();
        _decompressor.Dispose();
        _inflated.Dispose();
        GC.SuppressFinalize(this);
    }
}
