using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// The TLS 1.3 key schedule of RFC 8446 §7.1 without a PSK: early secret, handshake secret from the (EC)DHE shared
/// secret, master secret, the handshake and application traffic secrets, and the Finished keys (§4.4.4). Each secret is
/// the suite's hash length; the ones no longer needed are zeroed as the schedule moves on.
/// </summary>
internal sealed class TlsKeySchedule : IDisposable
{
    private readonly HashAlgorithmName _hash;
    private readonly int _hashLength;
    private byte[]? _handshakeSecret;
    private byte[]? _masterSecret;

    public TlsKeySchedule(CipherSuite suite)
    {
        Suite = suite;
        _hash = suite.HashAlgorithm();
        _hashLength = suite.HashLength();
    }

    /// <summary>The suite whose hash drives the schedule.</summary>
    public CipherSuite Suite { get; }

    /// <summary>The hash of the suite.</summary>
    public HashAlgorithmName Hash => _hash;

    /// <summary>The hash output length, the length of every secret.</summary>
    public int HashLength => _hashLength;

    /// <summary>The handshake secret, for tests against RFC 8448; null before <see cref="SetSharedSecret"/>.</summary>
    internal ReadOnlySpan<byte> HandshakeSecret => _handshakeSecret;

    /// <summary>The master secret, for tests against RFC 8448; null before <see cref="DeriveMasterSecret"/>.</summary>
    internal ReadOnlySpan<byte> MasterSecret => _masterSecret;

    /// <summary>Early Secret = HKDF-Extract(salt 0, IKM 0^HashLen) (RFC 8446 §7.1, no PSK).</summary>
    public void DeriveEarlySecret(Span<byte> earlySecret)
    {
        Span<byte> zeros = stackalloc byte[_hashLength];
        zeros.Clear();
        KeySchedule.HkdfExtract(_hash, zeros, default, earlySecret[.._hashLength]);
    }

    /// <summary>
    /// Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE) (RFC 8446 §7.1).
    /// </summary>
    public void SetSharedSecret(ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> early = stackalloc byte[_hashLength];
        Span<byte> derived = stackalloc byte[_hashLength];
        DeriveEarlySecret(early);
        DeriveSecretOverEmpty(early, "derived"u8, derived);
        _handshakeSecret = new byte[_hashLength];
        KeySchedule.HkdfExtract(_hash, sharedSecret, derived, _handshakeSecret);
        CryptographicOperations.ZeroMemory(early);
        CryptographicOperations.ZeroMemory(derived);
    }

    /// <summary>
    /// client_handshake_traffic_secret and server_handshake_traffic_secret: Derive-Secret(Handshake Secret,
    /// "c hs traffic" / "s hs traffic", ClientHello...ServerHello) (RFC 8446 §7.1).
    /// </summary>
    public (byte[] Client, byte[] Server) DeriveHandshakeTrafficSecrets(ReadOnlySpan<byte> transcriptHash)
    {
        var secret = _handshakeSecret ?? throw new InvalidOperationException("No handshake secret yet.");
        return (DeriveSecret(secret, "c hs traffic"u8, transcriptHash), DeriveSecret(secret, "s hs traffic"u8, transcriptHash));
    }

    /// <summary>
    /// Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0) (RFC 8446 §7.1); the handshake
    /// secret is zeroed afterwards.
    /// </summary>
    public void DeriveMasterSecret()
    {
        var secret = _handshakeSecret ?? throw new InvalidOperationException("No handshake secret yet.");
        Span<byte> derived = stackalloc byte[_hashLength];
        Span<byte> zeros = stackalloc byte[_hashLength];
        zeros.Clear();
        DeriveSecretOverEmpty(secret, "derived"u8, derived);
        _masterSecret = new byte[_hashLength];
        KeySchedule.HkdfExtract(_hash, zeros, derived, _masterSecret);
        CryptographicOperations.ZeroMemory(derived);
        CryptographicOperations.ZeroMemory(secret);
        _handshakeSecret = null;
    }

    /// <summary>
    /// client_application_traffic_secret_0 and server_application_traffic_secret_0: Derive-Secret(Master Secret,
    /// "c ap traffic" / "s ap traffic", ClientHello...server Finished) (RFC 8446 §7.1). The master secret is zeroed
    /// afterwards: without resumption or exporters nothing else derives from it.
    /// </summary>
    public (byte[] Client, byte[] Server) DeriveApplicationTrafficSecrets(ReadOnlySpan<byte> transcriptHash)
    {
        var secret = _masterSecret ?? throw new InvalidOperationException("No master secret yet.");
        var result = (DeriveSecret(secret, "c ap traffic"u8, transcriptHash), DeriveSecret(secret, "s ap traffic"u8, transcriptHash));
        CryptographicOperations.ZeroMemory(secret);
        _masterSecret = null;
        return result;
    }

    /// <summary>
    /// verify_data = HMAC(finished_key, transcript hash), finished_key = HKDF-Expand-Label(BaseKey, "finished", "",
    /// Hash.length) (RFC 8446 §4.4.4). <paramref name="verifyData"/> receives Hash.length bytes.
    /// </summary>
    public void ComputeFinished(ReadOnlySpan<byte> baseKey, ReadOnlySpan<byte> transcriptHash, Span<byte> verifyData)
    {
        Span<byte> finishedKey = stackalloc byte[_hashLength];
        KeySchedule.HkdfExpandLabel(_hash, baseKey, "finished"u8, default, finishedKey);
        CryptographicOperations.HmacData(_hash, finishedKey, transcriptHash, verifyData[.._hashLength]);
        CryptographicOperations.ZeroMemory(finishedKey);
    }

    /// <summary>Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length).</summary>
    public byte[] DeriveSecret(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> transcriptHash)
    {
        var output = new byte[_hashLength];
        KeySchedule.HkdfExpandLabel(_hash, secret, label, transcriptHash, output);
        return output;
    }

    /// <summary>Zeroes the secrets still held.</summary>
    public void Dispose()
    {
        if (_handshakeSecret is not null)
        {
            CryptographicOperations.ZeroMemory(_handshakeSecret);
            _handshakeSecret = null;
        }

        if (_masterSecret is not null)
        {
            CryptographicOperations.ZeroMemory(_masterSecret);
            _masterSecret = null;
        }
    }

    private void DeriveSecretOverEmpty(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, Span<byte> output)
    {
        // Derive-Secret(., "derived", "") hashes the empty message list.
        Span<byte> emptyHash = stackalloc byte[_hashLength];
        CryptographicOperations.HashData(_hash, ReadOnlySpan<byte>.Empty, emptyHash);
        KeySchedule.HkdfExpandLabel(_hash, secret, label, emptyHash, output[.._hashLength]);
    }
}
