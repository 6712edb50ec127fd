using System.Text;
using BenchmarkDotNet.Attributes;
using Roadrunner.WebSockets.Frames;
using Roadrunner.WebSockets.Utf8;

namespace Roadrunner.Benchmarks.WebSockets;

/// <summary>
/// The per-byte work of receiving a text frame: copy out of the read buffer, unmask (RFC 6455 §5.3), validate UTF-8
/// (§8.1). Text is mostly ASCII with some multi-byte characters, as chat or JSON traffic is.
/// </summary>
[MemoryDiagnoser]
public class UnmaskValidateBenchmark
{
    private const uint Key = 0x3d21fa37;
    private byte[] _masked = [];
    private byte[] _work = [];

    /// <summary>Payload size in bytes.</summary>
    [Params(64, 16384)]
    public int Size { get; set; }

    /// <summary>Builds a masked text payload.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < Size) text.Append("{\"user\":\"zoë\",\"msg\":\"hello, κόσμε\"} ");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        int cut = Size;
        while ((bytes[cut] & 0xC0) == 0x80) cut--; // end on a character boundary
        _masked = new byte[Size];
        bytes.AsSpan(0, cut).CopyTo(_masked);
        _masked.AsSpan(cut).Fill((byte)' ');
        Masking.Apply(_masked, Key, 0);
        _work = new byte[Size];
    }

    /// <summary>Copy and unmask.</summary>
    [Benchmark]
    public byte Unmask()
    {
        _masked.CopyTo(_work, 0);
        Masking.Apply(_work, Key, 0);
        return _work[^1];
    }

    /// <summary>Copy, unmask and validate, as a text frame is received.</summary>
    [Benchmark]
    public bool UnmaskAndValidate()
    {
        _masked.CopyTo(_work, 0);
        Masking.Apply(_work, Key, 0);
        var validator = new Utf8Validator();
        return validator.Validate(_work) && validator.IsComplete;
    }
}
