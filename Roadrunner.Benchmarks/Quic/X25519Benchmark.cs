using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Roadrunner.Quic.Crypto;

namespace Roadrunner.Benchmarks.Quic;

/// <summary>
/// One X25519 shared secret (a full 255-step Montgomery ladder and an inversion), as a TLS handshake computes once, and
/// the two field operations it is made of: the ladder runs 5 multiplications and 4 squarings a step, the inversion 254
/// squarings and 11 multiplications.
/// </summary>
[MemoryDiagnoser]
public class X25519Benchmark
{
    private readonly byte[] _privateKey = new byte[X25519.KeySize];
    private readonly byte[] _peerPublicKey = new byte[X25519.KeySize];
    private readonly byte[] _shared = new byte[X25519.KeySize];
    private FieldElement _a;
    private FieldElement _b;

    /// <summary>Draws our key and a peer key pair, and two field elements from them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var random = RandomNumberGenerator.Create();
        var peerPrivate = new byte[X25519.KeySize];
        X25519.GenerateKeyPair(random, peerPrivate, _peerPublicKey);
        X25519.GenerateKeyPair(random, _privateKey, new byte[X25519.KeySize]);
        FieldElement.FromBytes(_peerPublicKey, out _a);
        FieldElement.FromBytes(_privateKey, out _b);
    }

    /// <summary>X25519(our private key, the peer's public key).</summary>
    [Benchmark]
    public bool SharedSecret() => X25519.TryComputeSharedSecret(_privateKey, _peerPublicKey, _shared);

    /// <summary>One field multiplication, a · b mod p, fed back into a so each depends on the last, as in the ladder.</summary>
    [Benchmark]
    public ulong FieldMultiply()
    {
        FieldElement.Mul(out _a, _a, _b);
        return _a.L0;
    }

    /// <summary>One field squaring, a² mod p, fed back into a.</summary>
    [Benchmark]
    public ulong FieldSquare()
    {
        FieldElement.Square(out _a, _a);
        return _a.L0;
    }
}
