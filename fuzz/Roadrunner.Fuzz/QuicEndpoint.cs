using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Fuzz;

/// <summary>
/// A QUIC server endpoint at a fixed fake time: one datagram in, then every event and datagram drained, then the
/// timers fired. A raw datagram rarely gets past packet protection, so the target can also protect the input as the
/// payload of a client Initial: that reaches the frame handlers and the TLS ClientHello parser. The property is that
/// wire input never throws.
/// </summary>
public static class QuicEndpoint
{
    /// <summary>The Destination Connection ID of the Initial the target builds (RFC 9001 Appendix A).</summary>
    public static ReadOnlySpan<byte> InitialDestinationConnectionId => [0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08];

    private const long Now = 1_000_000;
    private const int MaxDatagram = 1500;
    private const int MinInitialDatagram = 1200;
    private const int PacketNumberLength = 4;

    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);
    private static readonly byte[] StaticKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly QuicReceiveInfo From = new(new IPEndPoint(IPAddress.Loopback, 50000), new IPEndPoint(IPAddress.Loopback, 4433));

    /// <summary>Octet 0 even: the rest is a raw datagram. Odd: the rest is the plaintext payload of a client Initial.</summary>
    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var rest = data[1..];
        var datagram = new byte[MaxDatagram];
        int length = (data[0] & 1) == 0 ? Copy(rest, datagram) : ProtectInitial(rest, datagram);
        if (length == 0) return;

        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = Certificate.Value },
            StaticKey = StaticKey,
            MaxConnections = 4,
        });
        endpoint.Receive(datagram.AsSpan(0, length), From, Now);
        Drain(endpoint, Now);

        // The same datagram again reaches the connection it created, if any; then every timer fires.
        length = (data[0] & 1) == 0 ? Copy(rest, datagram) : ProtectInitial(rest, datagram);
        endpoint.Receive(datagram.AsSpan(0, length), From, Now + 1);
        Drain(endpoint, Now + 1);
        for (int i = 0; i < 4 && endpoint.NextDeadline is { } deadline; i++)
        {
            endpoint.OnTimeout(deadline);
            Drain(endpoint, deadline);
        }
    }

    private static int Copy(ReadOnlySpan<byte> input, byte[] datagram)
    {
        int length = Math.Min(input.Length, datagram.Length);
        input[..length].CopyTo(datagram);
        return length;
    }

    /// <summary>
    /// Builds a client Initial (RFC 9000 §17.2.2) carrying <paramref name="payload"/>, padded with PADDING frames to
    /// the 1200 octets a server requires (§14.1), and protected with the Initial keys of the fixed DCID (RFC 9001 §5.2).
    /// A payload longer than one datagram holds is cut.
    /// </summary>
    /// <param name="payload">The plaintext frames.</param>
    /// <param name="datagram">At least 1500 octets, to receive the packet.</param>
    /// <returns>The datagram's length.</returns>
    public static int ProtectInitial(ReadOnlySpan<byte> payload, Span<byte> datagram)
    {
        ReadOnlySpan<byte> source = [0xc0, 0x01];
        int headerLength = QuicPacketWriter.GetInitialHeaderLength(InitialDestinationConnectionId.Length, source.Length, 0, PacketNumberLength, MaxDatagram, lengthFieldLength: 2);
        int room = MaxDatagram - headerLength - PacketKey.TagLength;
        payload = payload[..Math.Min(payload.Length, room)];
        int plaintext = Math.Max(payload.Length, MinInitialDatagram - headerLength - PacketKey.TagLength);
        if (!QuicPacketWriter.TryWriteInitial(datagram, QuicVersion.Version1, InitialDestinationConnectionId, source, [], 0, PacketNumberLength, plaintext + PacketKey.TagLength, out int written, lengthFieldLength: 2))
        {
            return 0;
        }
        payload.CopyTo(datagram[written..]);
        datagram.Slice(written + payload.Length, plaintext - payload.Length).Clear();
        int total = written + plaintext + PacketKey.TagLength;

        Span<byte> clientSecret = stackalloc byte[32], serverSecret = stackalloc byte[32];
        KeySchedule.DeriveInitialSecrets(InitialDestinationConnectionId, clientSecret, serverSecret);
        using var key = PacketKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, clientSecret);
        using var headerKey = HeaderProtectionKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, clientSecret);
        return PacketProtection.TryProtect(datagram[..total], written - PacketNumberLength, PacketNumberLength, 0, key, headerKey) ? total : 0;
    }

    private static void Drain(QuicServerEndpoint endpoint, long now)
    {
        while (endpoint.TryReadEvent(out _))
        {
        }
        foreach (var connection in endpoint.Connections)
        {
            while (connection.TryReadEvent(out _))
            {
            }
        }
        var output = new byte[MaxDatagram];
        for (int i = 0; i < 64 && endpoint.Send(output, now, out _) > 0; i++)
        {
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));
    }
}
