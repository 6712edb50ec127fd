using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// The server CertificateVerify signature (RFC 8446 §4.4.3): the content signed, and signing and verifying with
/// ecdsa_secp256r1_sha256 (DER-encoded ECDSA, RFC 8446 §4.2.3) and rsa_pss_rsae_sha256 (RSASSA-PSS, salt of the hash
/// length).
/// </summary>
internal static class TlsSignature
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaPublicKeyOid = "1.2.840.113549.1.1.1";

    /// <summary>
    /// The content covered by a server CertificateVerify: 64 spaces, "TLS 1.3, server CertificateVerify", a zero byte,
    /// then Transcript-Hash(Handshake Context, Certificate) (RFC 8446 §4.4.3).
    /// </summary>
    public static byte[] ServerContent(ReadOnlySpan<byte> transcriptHash)
    {
        var content = new byte[64 + TlsConstants.ServerCertificateVerifyContext.Length + 1 + transcriptHash.Length];
        content.AsSpan(0, 64).Fill(0x20);
        TlsConstants.ServerCertificateVerifyContext.CopyTo(content.AsSpan(64));
        content[64 + TlsConstants.ServerCertificateVerifyContext.Length] = 0;
        transcriptHash.CopyTo(content.AsSpan(64 + TlsConstants.ServerCertificateVerifyContext.Length + 1));
        return content;
    }

    /// <summary>
    /// The scheme a server certificate signs with: ecdsa_secp256r1_sha256 for a P-256 key, rsa_pss_rsae_sha256 for an
    /// RSA key. Throws for any other key or a certificate without its private key (a configuration error).
    /// </summary>
    public static ushort SchemeOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
        }

        switch (certificate.GetKeyAlgorithm())
        {
            case EcPublicKeyOid:
                using (var ecdsa = certificate.GetECDsaPublicKey())
                {
                    if (ecdsa is not null && ecdsa.KeySize == 256)
                    {
                        return TlsConstants.EcdsaSecp256r1Sha256;
                    }
                }

                break;
            case RsaPublicKeyOid:
                return TlsConstants.RsaPssRsaeSha256;
        }

        throw new ArgumentException("The server certificate's key is neither ECDSA P-256 nor RSA.", nameof(certificate));
    }

    /// <summary>Signs <paramref name="content"/> with the certificate's private key under <paramref name="scheme"/>.</summary>
    public static byte[] Sign(X509Certificate2 certificate, ushort scheme, byte[] content)
    {
        if (scheme == TlsConstants.EcdsaSecp256r1Sha256)
        {
            using var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("No ECDSA private key.", nameof(certificate));
            return key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("No RSA private key.", nameof(certificate));
        return rsa.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    /// <summary>
    /// Verifies a signature made under <paramref name="scheme"/> with the public key of <paramref name="leaf"/>; false
    /// when the key does not fit the scheme or the signature does not check out. Never throws on wire bytes.
    /// </summary>
    public static bool Verify(X509Certificate2 leaf, ushort scheme, byte[] content, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (scheme == TlsConstants.EcdsaSecp256r1Sha256)
            {
                using var ecdsa = leaf.GetECDsaPublicKey();
                return ecdsa is not null && ecdsa.KeySize == 256 &&
                    ecdsa.VerifyData(content, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }

            if (scheme == TlsConstants.RsaPssRsaeSha256)
            {
                using var rsa = leaf.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(content, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            }

            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
