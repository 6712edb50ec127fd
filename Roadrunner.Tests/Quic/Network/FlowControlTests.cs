using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Streams;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Flow-control back-pressure end to end (RFC 9000 §4): a receiver that does not read stops the sender.</summary>
[TestClass]
public sealed class FlowControlTests
{
    [TestMethod]
    public void S4_1_ReceiverThatDoesNotRead_StopsTheSenderAtItsWindow_ThenReadingResumesIt()
    {
        var serverOptions = new QuicConnectionOptions { Limits = new QuicStreamLimits(64 * 1024, 16 * 1024, 16 * 1024, 16 * 1024, 10, 10) };
        var clientOptions = new QuicConnectionOptions { SendBufferLimit = 32 * 1024 };
        var network = new InMemoryNetwork(clientOptions: clientOptions, serverConnectionOptions: serverOptions);
        NetworkTestHelpers.CompleteHandshake(network);
        var data = RandomNumberGenerator.GetBytes(500_000);
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, data, false).ShouldBe(32 * 1024);
        network.RunUntil(() => false, 2_000_000);

        // The 16 KiB window was sent and acknowledged, leaving room for 16 KiB more in the client's buffer; nothing
        // more goes out while the server reads nothing.
        var server = network.ServerConnection!;
        network.Client.Write(id, data.AsSpan(32 * 1024), false).ShouldBe(16 * 1024);
        network.RunUntil(() => false, 1_000_000);
        network.Client.Write(id, data.AsSpan(48 * 1024), false).ShouldBe(0);
        var buffer = new byte[1 << 20];
        int available = server.Read(id, buffer, out _);
        available.ShouldBe(16 * 1024);
        long received = available;
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(buffer, 0, available);
        int written = 48 * 1024;
        bool fin = false;
        network.RunUntil(
            () => fin,
            30_000_000,
            () =>
            {
                if (written < data.Length)
                {
                    written += network.Client.Write(id, data.AsSpan(written), false);
                    if (written == data.Length)
                    {
                        network.Client.Write(id, [], true);
                    }
                }

                int n;
                while ((n = server.Read(id, buffer, out bool f)) > 0 || f)
                {
                    hash.AppendData(buffer, 0, n);
                    received += n;
                    fin |= f;
                    if (f)
                    {
                        break;
                    }
                }
            }).ShouldBeTrue();
        received.ShouldBe(data.Length);
        hash.GetCurrentHash().ShouldBe(SHA256.HashData(data));
    }

    [TestMethod]
    public void S4_6_StreamLimit_BlocksOpeningUntilPeerStreamsClose()
    {
        var serverOptions = new QuicConnectionOptions { Limits = new QuicConnectionOptions().Limits with { MaxStreamsBidi = 2 } };
        var network = new InMemoryNetwork(serverConnectionOptions: serverOptions);
        NetworkTestHelpers.CompleteHandshake(network);
        network.Client.TryOpenBidirectionalStream(out ulong a).ShouldBeTrue();
        network.Client.TryOpenBidirectionalStream(out ulong b).ShouldBeTrue();
        network.Client.TryOpenBidirectionalStream(out _).ShouldBeFalse();
        var server = network.ServerConnection!;
        foreach (var id in new[] { a, b })
        {
            network.Client.Write(id, [1], true);
        }

        var buffer = new byte[16];
        network.RunUntil(
            () => network.Client.TryOpenBidirectionalStream(out _),
            5_000_000,
            () =>
            {
                foreach (var id in new[] { a, b })
                {
                    if (server.Read(id, buffer, out bool fin) > 0 || fin)
                    {
                        server.Write(id, [], true);
                    }
                }
            }).ShouldBeTrue();
    }
}
