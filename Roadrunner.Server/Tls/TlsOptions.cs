using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Roadrunner.Server.Tls;

/// <summary>
/// TLS for a listener: TLS 1.2 and 1.3 only, AEAD cipher suites only (where the platform lets us set a
/// policy: Linux and macOS), no renegotiation, ALPN from the listener's protocols.
/// </summary>
public sealed record TlsOptions
{
    private TlsOptions(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>How long a handshake may take; null means the listener's request timeout. Set it with <c>with</c>: <c>TlsOptions.SelfSigned() with { HandshakeTimeout = ... }</c>.</summary>
    public TimeSpan? HandshakeTimeout { get; init; }

    /// <summary>Loads a certificate (with its chain) and its private key from PEM files.</summary>
    public static TlsOptions FromPemFiles(string certificatePath, string keyPath)
    {
        using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return new TlsOptions(X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>Uses a certificate that already carries its private key.</summary>
    public static TlsOptions FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("The certificate has no private key.", nameof(certificate));
        return new TlsOptions(certificate);
    }

    /// <summary>
    /// A self-signed ECDSA P-256 certificate made in memory for <paramref name="hostNames"/> (and
    /// 127.0.0.1 and ::1), valid for 30 days. For development and tests; never written to disk.
    /// </summary>
    public static TlsOptions SelfSigned(params string[] hostNames)
    {
        if (hostNames.Length == 0) hostNames = ["localhost"];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostNames[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames) san.AddDnsName(host);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        return new TlsOptions(X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>Builds the SslStream options for a listener speaking <paramref name="protocols"/>.</summary>
    internal SslServerAuthenticationOptions CreateServerOptions(IReadOnlyList<Protocol> protocols)
    {
        var alpn = new List<SslApplicationProtocol>();
        // Prefer h2 when both are offered (RFC 7301 §3.2: the server picks).
        if (protocols.Contains(Protocol.Http2) && ProtocolSupport.Http2Available) alpn.Add(SslApplicationProtocol.Http2);
        if (protocols.Contains(Protocol.Http1)) alpn.Add(SslApplicationProtocol.Http11);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(Certificate, null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = alpn,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Forward-secret AEAD suites only (RFC 9113 §9.2.2 forbids the rest for h2 anyway).
            options.CipherSuitesPolicy = new CipherSuitesPolicy(
            [
                TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            ]);
        }

        return options;
    }
}
