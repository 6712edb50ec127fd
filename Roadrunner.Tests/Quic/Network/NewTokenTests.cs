using System.Net;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>NEW_TOKEN (RFC 9000 §8.1.3, §19.7): issued once the handshake is confirmed, resent if lost, and honoured as address validation for a later connection from the same address only.</summary>
[TestClass]
public sealed class NewTokenTests
{
    private static readonly byte[] StaticKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    private static QuicServerEndpointOptions ServerOptions(bool retry = false, long newTokenLifetime = 86_400_000_000, bool issue = true) => new()
    {
        Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
        StaticKey = StaticKey,
        Retry = retry ? QuicRetryMode.Always : QuicRetryMode.Never,
        NewTokenLifetime = newTokenLifetime,
        IssueNewTokens = issue,
    };

    private static (byte[] Token, long Now) FirstConnection(QuicServerEndpointOptions options)
    {
        var network = new InMemoryNetwork(serverOptions: options);
        NetworkTestHelpers.CompleteHandshake(network);
        network.RunUntil(() => network.Client.ReceivedToken is not null, 1_000_000).ShouldBeTrue("the server should send NEW_TOKEN");
        return (network.Client.ReceivedToken!.Value.ToArray(), network.Now);
    }

    /// <summary>A network whose client presents <paramref name="token"/>, counting the Retry packets the server sends.</summary>
    private static InMemoryNetwork SecondConnection(QuicServerEndpointOptions options, byte[] token, long start) =>
        new InMemoryNetwork(serverOptions: options, clientToken: token, startTime: start);

    private static Func<int> CountRetries(InMemoryNetwork network)
    {
        int retries = 0;
        network.Filter = (toServer, bytes) =>
        {
            if (!toServer && (bytes[0] & 0xf0) == 0xf0)
            {
                retries++;
            }

            return false;
        };
        return () => retries;
    }

    private static byte[] CaptureRetryToken()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions(retry: true));
        byte[]? token = null;
        network.Filter = (toServer, bytes) =>
        {
            if (!toServer && token is null && (bytes[0] & 0xf0) == 0xf0 && QuicPacketParser.TryParse(bytes, 0, 8, out var header).IsNone)
            {
                token = header.Token.ToArray();
            }

            return false;
        };
        NetworkTestHelpers.CompleteHandshake(network);
        return token.ShouldNotBeNull();
    }

    [TestMethod]
    public void S8_1_3_ServerIssuesNewTokenOnceConfirmed_ClientExposesIt()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions());
        network.Client.ReceivedToken.ShouldBeNull();
        NetworkTestHelpers.CompleteHandshake(network);
        network.RunUntil(() => network.Client.ReceivedToken is not null, 1_000_000).ShouldBeTrue();
        network.ServerConnection!.IsHandshakeConfirmed.ShouldBeTrue();
        network.Client.ReceivedToken!.Value.IsEmpty.ShouldBeFalse();
        network.Client.IsClosed.ShouldBeFalse();
    }

    [TestMethod]
    public void S8_1_3_IssuingTurnedOff_SendsNoNewToken()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions(issue: false));
        NetworkTestHelpers.CompleteHandshake(network);
        network.RunUntil(() => network.Client.ReceivedToken is not null, 1_000_000).ShouldBeFalse();
    }

    [TestMethod]
    public void S8_1_3_TokenFromSameAddress_SkipsRetry()
    {
        var options = ServerOptions(retry: true);
        var (token, now) = FirstConnection(options);
        var network = SecondConnection(options, token, now + 1_000_000);
        var retries = CountRetries(network);
        NetworkTestHelpers.CompleteHandshake(network);
        retries().ShouldBe(0);
        network.ServerConnection!.IsAddressValidated.ShouldBeTrue();
    }

    [TestMethod]
    public void S8_1_3_TokenFromSameAddress_LiftsAntiAmplificationLimitAtOnce()
    {
        var options = ServerOptions();
        var (token, now) = FirstConnection(options);
        var network = SecondConnection(options, token, now + 1_000_000);
        network.RunUntil(() => network.ServerConnection is not null, 1_000_000).ShouldBeTrue();
        network.ServerConnection!.IsHandshakeComplete.ShouldBeFalse();
        network.ServerConnection.IsAddressValidated.ShouldBeTrue();

        // Without a token, the same moment finds the address unproven (§8.1: three times what was received).
        var plain = new InMemoryNetwork(serverOptions: options, startTime: now + 1_000_000);
        plain.RunUntil(() => plain.ServerConnection is not null, 1_000_000).ShouldBeTrue();
        plain.ServerConnection!.IsAddressValidated.ShouldBeFalse();
    }

    [TestMethod]
    public void S8_1_3_TokenFromAnotherAddress_IsIgnored_RetryFollows()
    {
        var options = ServerOptions(retry: true);
        var (token, now) = FirstConnection(options);
        var network = SecondConnection(options, token, now + 1_000_000);
        network.ClientApparentAddress = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 50000);
        var retries = CountRetries(network);
        NetworkTestHelpers.CompleteHandshake(network);
        retries().ShouldBe(1);
    }

    [TestMethod]
    public void S8_1_3_TokenFromAnotherAddress_LeavesAddressUnvalidated()
    {
        var options = ServerOptions();
        var (token, now) = FirstConnection(options);
        var network = SecondConnection(options, token, now + 1_000_000);
        network.ClientApparentAddress = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 50001);
        network.RunUntil(() => network.ServerConnection is not null, 1_000_000).ShouldBeTrue();
        network.ServerConnection!.IsAddressValidated.ShouldBeFalse();
        NetworkTestHelpers.CompleteHandshake(network);
    }

    [TestMethod]
    public void S8_1_3_ExpiredToken_IsIgnored_RetryFollows()
    {
        var options = ServerOptions(retry: true, newTokenLifetime: 5_000_000);
        var (token, now) = FirstConnection(options);
        var network = SecondConnection(options, token, now + 6_000_000);
        var retries = CountRetries(network);
        NetworkTestHelpers.CompleteHandshake(network);
        retries().ShouldBe(1);
    }

    [TestMethod]
    public void S13_3_LostNewToken_IsSentAgain()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions());
        int dropped = 0;
        network.Filter = (toServer, bytes) =>
        {
            // Every server datagram from the moment the server queues NEW_TOKEN is lost, twice.
            if (!toServer && network.ServerConnection is { IsHandshakeConfirmed: true } && dropped < 2)
            {
                dropped++;
                return true;
            }

            return false;
        };
        network.RunUntil(() => network.Client.ReceivedToken is not null, 5_000_000).ShouldBeTrue();
        dropped.ShouldBe(2);
    }

    [TestMethod]
    public void S8_1_3_RetryTokenAsNewToken_AndNewTokenAsRetryToken_DoNotValidate()
    {
        var options = ServerOptions(retry: true);
        var (newToken, now) = FirstConnection(options);
        var retryToken = CaptureRetryToken();
        newToken[0].ShouldNotBe(retryToken[0]);

        // A Retry token relabelled as a NEW_TOKEN token: its kind is authenticated, so it fails and a Retry follows.
        var relabelledRetry = (byte[])retryToken.Clone();
        relabelledRetry[0] = newToken[0];
        var first = SecondConnection(options, relabelledRetry, now);
        var firstRetries = CountRetries(first);
        NetworkTestHelpers.CompleteHandshake(first);
        firstRetries().ShouldBe(1);

        // A NEW_TOKEN token relabelled as a Retry token: likewise.
        var relabelledNew = (byte[])newToken.Clone();
        relabelledNew[0] = retryToken[0];
        var second = SecondConnection(options, relabelledNew, now + 1_000_000);
        var secondRetries = CountRetries(second);
        NetworkTestHelpers.CompleteHandshake(second);
        secondRetries().ShouldBe(1);

        // An untouched Retry token sent in a first Initial was not issued for this connection: a Retry follows.
        var third = SecondConnection(options, retryToken, now);
        var thirdRetries = CountRetries(third);
        NetworkTestHelpers.CompleteHandshake(third);
        thirdRetries().ShouldBe(1);
    }

    [TestMethod]
    public void S17_2_2_ClientToken_GoesInTheFirstInitialsTokenField()
    {
        byte[] token = [1, 2, 3, 4, 5];
        var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, InMemoryNetwork.ServerAddress, 0, token);
        var buffer = new byte[1500];
        int n = client.Send(buffer, 0, out _);
        QuicPacketParser.TryParse(buffer.AsSpan(0, n), 0, 8, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.Initial);
        header.Token.ToArray().ShouldBe(token);
    }

    [TestMethod]
    public void S19_7_ClientCannotSendNewToken_AndTokensAreNeverEmpty()
    {
        var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, InMemoryNetwork.ServerAddress, 0);
        Should.Throw<InvalidOperationException>(() => client.SendNewToken([1]));
        var network = new InMemoryNetwork(serverOptions: ServerOptions(issue: false));
        NetworkTestHelpers.CompleteHandshake(network);
        Should.Throw<ArgumentException>(() => network.ServerConnection!.SendNewToken([]));
    }
}
