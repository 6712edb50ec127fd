using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Roadrunner.Quic.Crypto;

namespace Roadrunner.Benchmarks.Quic;

/// <summary>One X25519 shared secret (a full 255-step Montgomery ladder and an inversion), as a TLS handshake computes once.</summary>
[MemoryDiagnoser]
public class X25519Benchmark
{
    private readonly byte[] _privateKey = new byte[X25519.KeySize];
    private readonly byte[] _peerPublicKey = new byte[X25519.KeySize];
    private readonly byte[] _shared = new byte[X25519.KeySize];

    /// <summary>Draws our key and a peer key pair.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var random = RandomNumberGenerator.Create();
        var peerPrivate = new byte[X25519.KeySize];
        X25519.GenerateKeyPair(random, peerPrivate, _peerPublicKey);
        X25519.GenerateKeyPair(random, _privateKey, new byte[X25519.KeySize]);
    }

    /// <summary>X25519(our private key, the peer's public key).</summary>
    [Benchmark]
    public bool SharedSecret() => X25519.TryComputeSharedSecret(_privateKey, _peerPublicKey, _shared);
}
