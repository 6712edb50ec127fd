using System.Net;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Endpoints;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Fuzzing;

/// <summary>
/// Seeded random and mutated datagrams through <see cref="QuicServerEndpoint.Receive"/>, as a hostile network sends
/// them: valid Initials from many addresses, the long headers that once made it throw, short headers, and every kind
/// of corruption of those. Properties: nothing throws, and nothing the endpoint keeps grows past its caps.
/// </summary>
[TestClass]
public sealed class EndpointDatagramFuzzTests
{
    private const int Inputs = 20_000;
    private const int MaxHandshakes = 24;

    private static byte[] LongHeader(uint version, int dcidLength, int scidLength, int length)
    {
        var datagram = new byte[Math.Max(length, 7 + dcidLength + scidLength)];
        datagram[0] = 0xc0;
        datagram[1] = (byte)(version >> 24);
        datagram[2] = (byte)(version >> 16);
        datagram[3] = (byte)(version >> 8);
        datagram[4] = (byte)version;
        datagram[5] = (byte)dcidLength;
        datagram[6 + dcidLength] = (byte)scidLength;
        return datagram;
    }

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>(SpoofedInitials.Make(40, seed: 99))
        {
            LongHeader(QuicVersion.Negotiation, 21, 0, 28),
            LongHeader(QuicVersion.Negotiation, 255, 255, 600),
            LongHeader(QuicVersion.Version1, 21, 0, 1200),
            LongHeader(QuicVersion.Version1, 8, 255, 1200),
            LongHeader(0x1a2a3a4a, 255, 255, 1200),
            LongHeader(0xff00001d, 20, 20, 1200),
        };

        // A 1-RTT packet, and Handshake and Retry headers a client should never send.
        var buffer = new byte[1300];
        QuicPacketWriter.TryWriteShort(buffer, new byte[8], true, false, 9, 1, out int n);
        seeds.Add(buffer[..(n + 60)]);
        QuicPacketWriter.TryWriteHandshake(buffer, QuicVersion.Version1, new byte[8], new byte[8], 1, 1, 1100, out n);
        seeds.Add(buffer[..(n + 1100)]);
        var tag = new byte[16];
        QuicPacketWriter.TryWriteRetry(buffer, QuicVersion.Version1, new byte[8], new byte[8], [1, 2, 3], tag, out n);
        seeds.Add(buffer[..n]);
        return seeds;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var datagram = (byte[])seed.Clone();
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && datagram.Length > 0; m++)
        {
            switch (random.Next(6))
            {
                case 0:
                    datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    datagram[random.Next(Math.Min(datagram.Length, 64))] = (byte)random.Next(256);
                    break;
                case 2:
                    datagram = datagram[..random.Next(datagram.Length)];
                    break;
                case 3:
                    // A connection ID length field, and the length field of a long header's next field.
                    if (datagram.Length > 6) datagram[5] = (byte)random.Next(256);
                    break;
                case 4:
                    var longer = new byte[datagram.Length + random.Next(1, 400)];
                    datagram.CopyTo(longer, 0);
                    random.NextBytes(longer.AsSpan(datagram.Length));
                    datagram = longer;
                    break;
                default:
                    if (datagram.Length > 0) datagram[0] = (byte)random.Next(256);
                    break;
            }
        }

        return datagram;
    }

    /// <summary>
    /// 20,000 datagrams from 64 addresses with time moving on: none throws, the connections stay under their caps, the
    /// stateless queue under its 64, the routing tables in proportion, and once every deadline has passed nothing is left.
    /// </summary>
    [TestMethod]
    [Timeout(60_000)]
    public void RandomAndMutatedDatagrams_NeverThrow_NothingGrowsWithoutBound()
    {
        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
            StaticKey = new byte[32],
            MaxHandshakes = MaxHandshakes,
            RetryThreshold = MaxHandshakes / 2,
            HandshakeTimeout = 500_000,
        });
        var seeds = Seeds();
        var random = new Random(20_000);
        var addresses = Enumerable.Range(0, 64).Select(i => new IPEndPoint(new IPAddress([127, 0, 0, (byte)(1 + (i % 8))]), 20_000 + i)).ToArray();
        var send = new byte[1500];
        long now = 1_000_000;
        int accepted = 0, removed = 0, answers = 0;
        for (int i = 0; i < Inputs; i++)
        {
            byte[] datagram = random.Next(10) switch
            {
                0 => RandomBytes(random),
                1 => (byte[])seeds[random.Next(seeds.Count)].Clone(),
                _ => Mutate(seeds[random.Next(seeds.Count)], random),
            };
            endpoint.Receive(datagram, new QuicReceiveInfo(addresses[random.Next(addresses.Length)]), now);
            now += random.Next(200);

            if (i % 16 == 0)
            {
                while (endpoint.Send(send, now, out _) > 0) answers++;
                if (endpoint.NextDeadline is { } deadline && deadline <= now) endpoint.OnTimeout(now);
                Count(endpoint, ref accepted, ref removed);
            }

            endpoint.HandshakeCount.ShouldBeLessThanOrEqualTo(MaxHandshakes);
            endpoint.Connections.Count.ShouldBeLessThanOrEqualTo(MaxHandshakes);
            endpoint.StatelessQueueCount.ShouldBeLessThanOrEqualTo(64);
            endpoint.RouteCount.ShouldBeLessThanOrEqualTo(8 * endpoint.Connections.Count);
        }

        accepted.ShouldBeGreaterThan(0);
        answers.ShouldBeGreaterThan(0);
        endpoint.RetriesSent.ShouldBeGreaterThan(0);

        // Every deadline passed: the half-open connections are gone, and every route and event with them.
        now += 3_600_000_000;
        endpoint.OnTimeout(now);
        Count(endpoint, ref accepted, ref removed);
        endpoint.Connections.ShouldBeEmpty();
        endpoint.HandshakeCount.ShouldBe(0);
        endpoint.RouteCount.ShouldBe(0);
        endpoint.InitialRouteCount.ShouldBe(0);
        removed.ShouldBe(accepted);
    }

    private static byte[] RandomBytes(Random random)
    {
        var datagram = new byte[random.Next(0, 1500)];
        random.NextBytes(datagram);
        return datagram;
    }

    private static void Count(QuicServerEndpoint endpoint, ref int accepted, ref int removed)
    {
        while (endpoint.TryReadEvent(out var e))
        {
            if (e.Kind == QuicServerEndpointEventKind.ConnectionAccepted) accepted++;
            else removed++;
        }
    }
}
