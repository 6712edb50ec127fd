using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// One ephemeral (EC)DHE key pair for a key_share entry (RFC 8446 §4.2.8): x25519 (RFC 7748, 32-byte public key) or
/// secp256r1 (the uncompressed point 0x04 || X || Y of RFC 8446 §4.2.8.2, 65 bytes).
/// </summary>
internal sealed class TlsKeyShare : IDisposable
{
    private const int P256CoordinateLength = 32;
    private readonly byte[]? _x25519Private;
    private readonly ECDiffieHellman? _p256;

    private TlsKeyShare(ushort group, byte[] publicKey, byte[]? x25519Private, ECDiffieHellman? p256)
    {
        Group = group;
        PublicKey = publicKey;
        _x25519Private = x25519Private;
        _p256 = p256;
    }

    /// <summary>The NamedGroup.</summary>
    public ushort Group { get; }

    /// <summary>The key_exchange bytes to send.</summary>
    public byte[] PublicKey { get; }

    /// <summary>True for the groups this implementation speaks.</summary>
    public static bool IsSupported(ushort group) => group is TlsConstants.X25519 or TlsConstants.Secp256r1;

    /// <summary>Makes a fresh key pair of <paramref name="group"/>, one of the <see cref="IsSupported"/> groups.</summary>
    public static TlsKeyShare Create(ushort group, RandomNumberGenerator random)
    {
        if (group == TlsConstants.X25519)
        {
            var privateKey = new byte[X25519.KeySize];
            var publicKey = new byte[X25519.KeySize];
            X25519.GenerateKeyPair(random, privateKey, publicKey);
            return new TlsKeyShare(group, publicKey, privateKey, null);
        }

        if (group == TlsConstants.Secp256r1)
        {
            var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var q = ecdh.ExportParameters(includePrivateParameters: false).Q;
            var publicKey = new byte[1 + (2 * P256CoordinateLength)];
            publicKey[0] = 0x04;
            q.X.AsSpan().CopyTo(publicKey.AsSpan(1 + P256CoordinateLength - q.X!.Length));
            q.Y.AsSpan().CopyTo(publicKey.AsSpan(1 + (2 * P256CoordinateLength) - q.Y!.Length));
            return new TlsKeyShare(group, publicKey, null, ecdh);
        }

        throw new ArgumentOutOfRangeException(nameof(group), group, "Not a supported named group.");
    }

    /// <summary>An x25519 share from a known private key, for tests against published traces.</summary>
    internal static TlsKeyShare FromX25519PrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var publicKey = new byte[X25519.KeySize];
        X25519.ComputePublicKey(privateKey, publicKey);
        return new TlsKeyShare(TlsConstants.X25519, publicKey, privateKey.ToArray(), null);
    }

    /// <summary>
    /// The shared secret with the peer's key_exchange bytes; null when they are not a valid public key of the group
    /// (wrong length, not on the curve, or an x25519 point of small order — RFC 8446 §7.4.2, RFC 7748 §6.1).
    /// </summary>
    public byte[]? TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (_x25519Private is not null)
        {
            if (peerPublicKey.Length != X25519.KeySize)
            {
                return null;
            }

            var secret = new byte[X25519.KeySize];
            if (!X25519.TryComputeSharedSecret(_x25519Private, peerPublicKey, secret))
            {
                return null;
            }

            return secret;
        }

        // RFC 8446 §4.2.8.2: only the uncompressed form, legacy_form 4, X and Y of the field size.
        if (_p256 is null || peerPublicKey.Length != 1 + (2 * P256CoordinateLength) || peerPublicKey[0] != 0x04)
        {
            return null;
        }

        try
        {
            var parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = peerPublicKey.Slice(1, P256CoordinateLength).ToArray(),
                    Y = peerPublicKey.Slice(1 + P256CoordinateLength, P256CoordinateLength).ToArray(),
                },
            };

            // Importing validates that the point lies on the curve (RFC 8446 §4.2.8.2 requires the check).
            using var peer = ECDiffieHellman.Create(parameters);
            return _p256.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Zeroes and releases the private key.</summary>
    public void Dispose()
    {
        if (_x25519Private is not null)
        {
            CryptographicOperations.ZeroMemory(_x25519Private);
        }

        _p256?.Dispose();
    }
}
