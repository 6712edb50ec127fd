using Roadrunner.Quic.Connections;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Connections;

/// <summary>Wire input never throws: seeded random and mutated datagrams into a server endpoint and its connection, and random frames inside correctly protected packets.</summary>
[TestClass]
public sealed class ConnectionFuzzTests
{
    [TestMethod]
    public void RandomAndMutatedDatagrams_NeverThrow()
    {
        var network = new InMemoryNetwork();
        var captured = new List<byte[]>();
        network.OnServerDatagram = bytes => captured.Add((byte[])bytes.Clone());
        NetworkTestHelpers.CompleteHandshake(network);
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, new byte[20_000], true);
        network.RunUntil(() => false, 500_000);
        captured.Count.ShouldBeGreaterThan(5);

        var server = network.ServerConnection!;
        var random = new Random(12345);
        var from = new QuicReceiveInfo(InMemoryNetwork.ClientAddress);
        var output = new byte[1500];
        for (int i = 0; i < 4000; i++)
        {
            byte[] datagram;
            int kind = random.Next(4);
            if (kind == 0)
            {
                datagram = new byte[random.Next(1, 1400)];
                random.NextBytes(datagram);
            }
            else
            {
                datagram = (byte[])captured[random.Next(captured.Count)].Clone();
                int flips = random.Next(1, 8);
                for (int f = 0; f < flips; f++)
                {
                    datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                }

                if (kind == 2)
                {
                    datagram = datagram[..random.Next(1, datagram.Length + 1)];
                }
            }

            if (random.Next(2) == 0)
            {
                network.Server.Receive((byte[])datagram.Clone(), from, network.Now);
            }
            else
            {
                server.Receive(datagram, from, network.Now);
            }

            network.Server.Send(output, network.Now, out _);
            network.Client.Receive((byte[])datagram.Clone(), new QuicReceiveInfo(InMemoryNetwork.ServerAddress), network.Now);
        }
    }

    [TestMethod]
    public void RandomFramesInProtectedPackets_CloseWithAnErrorAndNeverThrow()
    {
        var random = new Random(99);
        for (int i = 0; i < 40; i++)
        {
            var network = new InMemoryNetwork(seed: i);
            NetworkTestHelpers.CompleteHandshake(network);
            var frames = new byte[random.Next(1, 300)];
            random.NextBytes(frames);
            network.Client.QueueRawFrames(frames);
            network.RunUntil(() => false, 300_000);
        }
    }
}
