using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>A deterministic <see cref="RandomNumberGenerator"/> for reproducible handshakes.</summary>
internal sealed class SeededRandom(int seed) : RandomNumberGenerator
{
    private readonly Random _random = new(seed);

    public override void GetBytes(byte[] data) => _random.NextBytes(data);

    public override void GetBytes(Span<byte> data) => _random.NextBytes(data);

    public override void GetBytes(byte[] data, int offset, int count) => _random.NextBytes(data.AsSpan(offset, count));

    public override void GetNonZeroBytes(byte[] data)
    {
        _random.NextBytes(data);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(data[i] | 1);
        }
    }
}

/// <summary>
/// Certificates, transport parameters and an in-memory pipe joining a client and a server handshake: every
/// CRYPTO data event of one side is fed to the other at its level, until neither has anything to say.
/// </summary>
internal static class TlsTestSupport
{
    private static readonly Lazy<X509Certificate2> Ecdsa = new(() =>
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    });

    private static readonly Lazy<X509Certificate2> Rsa = new(() =>
    {
        var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    });

    /// <summary>A self-signed ECDSA P-256 certificate with its key, made once.</summary>
    public static X509Certificate2 EcdsaCertificate => Ecdsa.Value;

    /// <summary>A self-signed RSA 2048 certificate with its key, made once.</summary>
    public static X509Certificate2 RsaCertificate => Rsa.Value;

    public static readonly QuicTransportParameters ClientParameters = new()
    {
        InitialMaxData = 1111,
        MaxIdleTimeout = 30_000,
        InitialSourceConnectionId = new QuicConnectionId([0xc1, 0x1e]),
    };

    public static readonly QuicTransportParameters ServerParameters = new()
    {
        InitialMaxData = 2222,
        InitialMaxStreamsBidi = 100,
        OriginalDestinationConnectionId = new QuicConnectionId([0x8, 0x3, 0x9, 0x4]),
        InitialSourceConnectionId = new QuicConnectionId([0x5e, 0x4e]),
    };

    public static readonly ushort[] BothGroups = [0x001d, 0x0017];

    public static QuicTlsHandshake NewServer(QuicTlsServerOptions? options = null, int seed = 2) =>
        QuicTlsHandshake.CreateServer(options ?? new QuicTlsServerOptions { Certificate = EcdsaCertificate }, ServerParameters, new SeededRandom(seed));

    public static QuicTlsHandshake NewClient(QuicTlsClientOptions? options = null, ushort[]? groups = null, ushort[]? shares = null, int seed = 1) =>
        QuicTlsHandshake.CreateClient(options ?? new QuicTlsClientOptions { ServerName = "localhost" }, ClientParameters, new SeededRandom(seed), groups ?? BothGroups, shares ?? [0x001d]);

    /// <summary>Drains every waiting event.</summary>
    public static List<QuicTlsEvent> Drain(QuicTlsHandshake handshake)
    {
        var events = new List<QuicTlsEvent>();
        while (handshake.TryReadEvent(out var e))
        {
            events.Add(e!);
        }

        return events;
    }

    /// <summary>The CRYPTO data of <paramref name="events"/> at <paramref name="level"/>, concatenated.</summary>
    public static byte[] CryptoAt(IEnumerable<QuicTlsEvent> events, QuicEncryptionLevel level) =>
        [.. events.OfType<QuicTlsCryptoData>().Where(d => d.Level == level).SelectMany(d => d.Data)];

    /// <summary>
    /// Runs the handshake to its end, feeding data whole or one byte at a time. Returns every event of each side and
    /// the first error either side reported.
    /// </summary>
    public static (List<QuicTlsEvent> Client, List<QuicTlsEvent> Server, QuicError Error, QuicRole FailedSide) Run(
        QuicTlsHandshake client, QuicTlsHandshake server, bool byteByByte = false)
    {
        var clientEvents = new List<QuicTlsEvent>();
        var serverEvents = new List<QuicTlsEvent>();
        client.Start();
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var e in Drain(client))
            {
                progress = true;
                clientEvents.Add(e);
                if (e is QuicTlsCryptoData data)
                {
                    var error = Feed(server, data, byteByByte);
                    if (!error.IsNone)
                    {
                        return (clientEvents, serverEvents, error, QuicRole.Server);
                    }
                }
            }

            foreach (var e in Drain(server))
            {
                progress = true;
                serverEvents.Add(e);
                if (e is QuicTlsCryptoData data)
                {
                    var error = Feed(client, data, byteByByte);
                    if (!error.IsNone)
                    {
                        return (clientEvents, serverEvents, error, QuicRole.Client);
                    }
                }
            }
        }

        return (clientEvents, serverEvents, default, default);
    }

    private static QuicError Feed(QuicTlsHandshake handshake, QuicTlsCryptoData data, bool byteByByte)
    {
        if (!byteByByte)
        {
            return handshake.Receive(data.Level, data.Data);
        }

        for (int i = 0; i < data.Data.Length; i++)
        {
            var error = handshake.Receive(data.Level, data.Data.AsSpan(i, 1));
            if (!error.IsNone)
            {
                return error;
            }
        }

        return default;
    }

    /// <summary>The CRYPTO_ERROR code of TLS alert <paramref name="alert"/>.</summary>
    public static QuicTransportErrorCode Alert(byte alert) => QuicCryptoError.FromAlert(alert);

    /// <summary>Splits a flight into its handshake messages (type, uint24 length, body).</summary>
    public static List<byte[]> Messages(byte[] flight)
    {
        var messages = new List<byte[]>();
        for (int at = 0; at < flight.Length;)
        {
            int length = (flight[at + 1] << 16) | (flight[at + 2] << 8) | flight[at + 3];
            messages.Add(flight[at..(at + 4 + length)]);
            at += 4 + length;
        }

        return messages;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static CipherSuite[] AllSuites =>
        [CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256];
}
