using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The X25519 Diffie-Hellman function (RFC 7748 §5, §6.1): key pairs and shared secrets for the TLS 1.3 key share
/// (RFC 8446 §4.2.8.2). Keys and secrets are 32 bytes, little-endian as on the wire.
/// </summary>
/// <remarks>
/// Everything runs in constant time with respect to the private key: the Montgomery ladder does the same work for every
/// scalar bit and swaps its points with a mask (<see cref="FieldElement.ConditionalSwap"/>), never with a branch or an
/// index that depends on a secret.
/// </remarks>
/// <example>
/// <code>
/// using var rng = RandomNumberGenerator.Create();
/// Span&lt;byte&gt; privateKey = stackalloc byte[X25519.KeySize];
/// Span&lt;byte&gt; publicKey = stackalloc byte[X25519.KeySize];
/// X25519.GenerateKeyPair(rng, privateKey, publicKey);
/// // send publicKey, receive peerPublicKey
/// Span&lt;byte&gt; shared = stackalloc byte[X25519.KeySize];
/// if (!X25519.TryComputeSharedSecret(privateKey, peerPublicKey, shared)) { /* abort the handshake */ }
/// </code>
/// </example>
public static class X25519
{
    /// <summary>The size of a private key, a public key and a shared secret, in bytes (RFC 7748 §5).</summary>
    public const int KeySize = 32;

    /// <summary>The u-coordinate of the base point, 9 (RFC 7748 §4.1).</summary>
    private static ReadOnlySpan<byte> BasePoint =>
    [
        9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>a24 = (486662 - 2) / 4 (RFC 7748 §5).</summary>
    private const uint A24 = 121665;

    /// <summary>
    /// Draws a private key of 32 random bytes from <paramref name="random"/> and computes its public key
    /// (RFC 7748 §6.1).
    /// </summary>
    /// <param name="random">A cryptographically secure generator.</param>
    /// <param name="privateKey">Receives the private key, 32 bytes.</param>
    /// <param name="publicKey">Receives the public key, 32 bytes.</param>
    public static void GenerateKeyPair(RandomNumberGenerator random, Span<byte> privateKey, Span<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckSize(privateKey.Length, nameof(privateKey));
        random.GetBytes(privateKey[..KeySize]);
        ComputePublicKey(privateKey, publicKey);
    }

    /// <summary>
    /// Makes a key pair from 32 bytes the caller drew from a secure source: they become the private key as they are
    /// (clamping happens inside X25519, RFC 7748 §5), and the public key is computed from them.
    /// </summary>
    /// <param name="randomBytes">32 random bytes.</param>
    /// <param name="privateKey">Receives the private key, 32 bytes.</param>
    /// <param name="publicKey">Receives the public key, 32 bytes.</param>
    public static void GenerateKeyPair(ReadOnlySpan<byte> randomBytes, Span<byte> privateKey, Span<byte> publicKey)
    {
        CheckSize(randomBytes.Length, nameof(randomBytes));
        CheckSize(privateKey.Length, nameof(privateKey));
        randomBytes[..KeySize].CopyTo(privateKey);
        ComputePublicKey(privateKey, publicKey);
    }

    /// <summary>The public key of a private key: X25519(privateKey, 9) (RFC 7748 §6.1).</summary>
    /// <param name="privateKey">The private key, 32 bytes.</param>
    /// <param name="publicKey">Receives the public key, 32 bytes.</param>
    public static void ComputePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        CheckSize(privateKey.Length, nameof(privateKey));
        CheckSize(publicKey.Length, nameof(publicKey));
        ScalarMultiply(privateKey, BasePoint, publicKey);
    }

    /// <summary>
    /// The shared secret X25519(privateKey, peerPublicKey) (RFC 7748 §6.1). Returns false when it is all zeros, which
    /// happens exactly when the peer sent a point of small order; RFC 7748 §6.1 allows, and RFC 8446 §7.4.2 requires,
    /// aborting then.
    /// </summary>
    /// <param name="privateKey">Our private key, 32 bytes.</param>
    /// <param name="peerPublicKey">The peer's public key, 32 bytes, as received.</param>
    /// <param name="sharedSecret">Receives the shared secret, 32 bytes (all zeros when the call returns false).</param>
    /// <returns>True when the secret is usable; false for the all-zero value.</returns>
    public static bool TryComputeSharedSecret(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        CheckSize(privateKey.Length, nameof(privateKey));
        CheckSize(peerPublicKey.Length, nameof(peerPublicKey));
        CheckSize(sharedSecret.Length, nameof(sharedSecret));
        ScalarMultiply(privateKey, peerPublicKey, sharedSecret);

        // RFC 7748 §6.1: "check, without leaking extra information about the value of K, whether K is the all-zero
        // value": OR every byte together instead of stopping at the first non-zero one.
        int acc = 0;
        foreach (byte b in sharedSecret[..KeySize])
        {
            acc |= b;
        }

        return acc != 0;
    }

    /// <summary>
    /// The X25519 function of RFC 7748 §5: decodes and clamps the scalar, decodes the u-coordinate (masking its top bit),
    /// runs the Montgomery ladder and encodes the resulting u-coordinate. Compiled fully optimized on its first call, as
    /// the field operations are (see <see cref="FieldElement"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ScalarMultiply(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u, Span<byte> output)
    {
        Span<byte> k = stackalloc byte[KeySize];
        scalar[..KeySize].CopyTo(k);

        // RFC 7748 §5, decodeScalar25519: clear the three low bits (a multiple of the cofactor 8), clear bit 255 and
        // set bit 254, so every scalar takes the same 255 ladder steps.
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;

        FieldElement.FromBytes(u, out var x1);
        var x2 = FieldElement.One;
        var z2 = default(FieldElement);
        var x3 = x1;
        var z3 = FieldElement.One;
        ulong swap = 0;

        for (int t = 254; t >= 0; t--)
        {
            // The index t is public (the loop counter); only the bit read there is secret, and it only feeds masks.
            ulong kt = (ulong)(k[t >> 3] >> (t & 7)) & 1;
            swap ^= kt;
            FieldElement.ConditionalSwap(ref x2, ref x3, swap);
            FieldElement.ConditionalSwap(ref z2, ref z3, swap);
            swap = kt;

            // RFC 7748 §5, one ladder step, in the RFC's names; results overwrite operands that are no longer needed.
            FieldElement.Add(out var a, x2, z2);
            FieldElement.Sub(out var b, x2, z2);
            FieldElement.Add(out var c, x3, z3);
            FieldElement.Sub(out var d, x3, z3);
            FieldElement.Square(out var aa, a);
            FieldElement.Square(out var bb, b);
            FieldElement.Mul(out var da, d, a);
            FieldElement.Mul(out var cb, c, b);
            FieldElement.Sub(out var e, aa, bb);

            FieldElement.Add(out x3, da, cb);
            FieldElement.Square(out x3, x3);                 // x3 = (DA + CB)^2
            FieldElement.Sub(out z3, da, cb);
            FieldElement.Square(out z3, z3);
            FieldElement.Mul(out z3, x1, z3);                // z3 = x1 * (DA - CB)^2
            FieldElement.Mul(out x2, aa, bb);                // x2 = AA * BB
            FieldElement.MulSmall(out z2, e, A24);
            FieldElement.Add(out z2, aa, z2);
            FieldElement.Mul(out z2, e, z2);                 // z2 = E * (AA + a24 * E)
        }

        FieldElement.ConditionalSwap(ref x2, ref x3, swap);
        FieldElement.ConditionalSwap(ref z2, ref z3, swap);

        FieldElement.Invert(out var zInverse, z2);
        FieldElement.Mul(out var result, x2, zInverse);
        FieldElement.ToBytes(result, output);

        CryptographicOperations.ZeroMemory(k);
    }

    private static void CheckSize(int length, string name)
    {
        if (length < KeySize)
        {
            throw new ArgumentException($"{name} must be at least {KeySize} bytes.", name);
        }
    }
}
