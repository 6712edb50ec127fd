using System.Net;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Tests.Quic.Endpoints;

/// <summary>
/// Valid client Initials as a flood would send them: one real ClientHello from our client, re-protected under a fresh
/// random Destination Connection ID for each copy (RFC 9001 §5.2: Initial keys derive from that ID alone), so every
/// copy decrypts and looks like a new client to the server. Cheap to make, as it is for an attacker.
/// </summary>
internal static class SpoofedInitials
{
    private const CipherSuite InitialSuite = CipherSuite.TLS_AES_128_GCM_SHA256;

    /// <summary>Makes <paramref name="count"/> Initials, each a whole datagram of at least 1200 bytes, with seeded IDs.</summary>
    public static byte[][] Make(int count, int seed)
    {
        using var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, new IPEndPoint(IPAddress.Loopback, 443), 0);
        var buffer = new byte[1500];
        int n = client.Send(buffer, 0, out _);
        var template = buffer[..n];
        if (!QuicPacketParser.TryParse(template, 0, 8, out var header).IsNone || header.Type != QuicPacketType.Initial)
        {
            throw new InvalidOperationException("The client's first datagram is not an Initial.");
        }

        int idLength = header.DestinationConnectionId.Length;
        int packetNumberOffset = header.PacketNumberOffset;
        int end = header.PacketEnd;
        var packet = template.AsSpan(0, end);
        int packetNumberLength;
        uint packetNumber;
        using (var keys = new InitialKeys(header.DestinationConnectionId))
        {
            if (!PacketProtection.TryRemoveHeaderProtection(packet, packetNumberOffset, keys.Header, out packetNumberLength, out packetNumber) ||
                !PacketProtection.TryOpen(packet, packetNumberOffset + packetNumberLength, packetNumber, keys.Packet))
            {
                throw new InvalidOperationException("The client's Initial does not open with its own keys.");
            }
        }

        // The template now holds the unprotected header and the plaintext ClientHello; each copy gets a new ID and is sealed again.
        var random = new Random(seed);
        var datagrams = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            var copy = (byte[])template.Clone();
            var id = copy.AsSpan(6, idLength);
            random.NextBytes(id);
            using var keys = new InitialKeys(id);
            PacketProtection.TryProtect(copy.AsSpan(0, end), packetNumberOffset, packetNumberLength, packetNumber, keys.Packet, keys.Header);
            datagrams[i] = copy;
        }

        return datagrams;
    }

    /// <summary>The client's Initial keys for a Destination Connection ID (RFC 9001 §5.2).</summary>
    private sealed class InitialKeys : IDisposable
    {
        public InitialKeys(ReadOnlySpan<byte> destinationConnectionId)
        {
            Span<byte> client = stackalloc byte[32], server = stackalloc byte[32];
            KeySchedule.DeriveInitialSecrets(destinationConnectionId, client, server);
            Packet = PacketKey.FromSecret(InitialSuite, client);
            Header = HeaderProtectionKey.FromSecret(InitialSuite, client);
        }

        public PacketKey Packet { get; }

        public HeaderProtectionKey Header { get; }

        public void Dispose()
        {
            Packet.Dispose();
            Header.Dispose();
        }
    }
}
