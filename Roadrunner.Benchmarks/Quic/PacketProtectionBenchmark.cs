using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Roadrunner.Quic.Crypto;

namespace Roadrunner.Benchmarks.Quic;

/// <summary>
/// Packet protection of one 1200-byte 1-RTT packet (short header, 8-byte Destination Connection ID, 2-byte packet
/// number, 1173 bytes of frames, 16-byte tag), in place: AEAD plus header protection each way, per cipher suite.
/// Each operation starts by copying the 1200-byte template into the working buffer, which <see cref="CopyOnly"/>
/// measures alone.
/// </summary>
[MemoryDiagnoser]
public class PacketProtectionBenchmark
{
    private const int PacketLength = 1200;
    private const int PacketNumberOffset = 1 + 8;
    private const int PacketNumberLength = 2;
    private const int HeaderLength = PacketNumberOffset + PacketNumberLength;
    private const ulong PacketNumber = 0x1_2345;

    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _protected = new byte[PacketLength];
    private readonly byte[] _work = new byte[PacketLength];
    private PacketKey _key = null!;
    private HeaderProtectionKey _headerKey = null!;

    /// <summary>The cipher suite under test.</summary>
    [Params(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256)]
    public CipherSuite Suite { get; set; }

    /// <summary>Derives the keys from a fixed secret and prepares a plaintext and a protected packet.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var secret = new byte[Suite.HashLength()];
        new Random(1).NextBytes(secret);
        _key = PacketKey.FromSecret(Suite, secret);
        _headerKey = HeaderProtectionKey.FromSecret(Suite, secret);

        RandomNumberGenerator.Fill(_plain);
        _plain[0] = 0x40 | (PacketNumberLength - 1); // short header, fixed bit, 2-byte packet number
        _plain[PacketNumberOffset] = unchecked((byte)(PacketNumber >> 8)); // the low 16 bits, as truncated on the wire
        _plain[PacketNumberOffset + 1] = unchecked((byte)PacketNumber);

        _plain.CopyTo(_protected, 0);
        if (!PacketProtection.TryProtect(_protected, PacketNumberOffset, PacketNumberLength, PacketNumber, _key, _headerKey))
        {
            throw new InvalidOperationException("setup failed to protect");
        }
    }

    /// <summary>Releases the keys.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _headerKey.Dispose();
    }

    /// <summary>The template copy every other benchmark starts with.</summary>
    [Benchmark(Baseline = true)]
    public byte CopyOnly()
    {
        _plain.CopyTo(_work, 0);
        return _work[0];
    }

    /// <summary>Seal the payload and apply header protection.</summary>
    [Benchmark]
    public bool Protect()
    {
        _plain.CopyTo(_work, 0);
        return PacketProtection.TryProtect(_work, PacketNumberOffset, PacketNumberLength, PacketNumber, _key, _headerKey);
    }

    /// <summary>Remove header protection and open the payload.</summary>
    [Benchmark]
    public bool Unprotect()
    {
        _protected.CopyTo(_work, 0);
        return PacketProtection.TryRemoveHeaderProtection(_work, PacketNumberOffset, _headerKey, out int pnLength, out _)
            && PacketProtection.TryOpen(_work, PacketNumberOffset + pnLength, PacketNumber, _key);
    }
}
