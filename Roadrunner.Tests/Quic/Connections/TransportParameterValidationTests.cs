using System.Net;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Connections;

/// <summary>RFC 9000 §7.3: the connection IDs named in the transport parameters must match those the packets used.</summary>
[TestClass]
public sealed class TransportParameterValidationTests
{
    private static readonly IPEndPoint ServerAddress = new(IPAddress.Loopback, 4433);
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("127.0.0.2"), 5000);

    /// <summary>Runs a client against a server connection built by hand with the given connection IDs.</summary>
    private static QuicConnection Run(Func<QuicConnectionId, QuicConnectionId, QuicConnection> createServer)
    {
        long now = 0;
        var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true }, null, ServerAddress, now);
        var buffer = new byte[1500];
        int n = client.Send(buffer, now, out _);
        QuicPacketParser.TryParse(buffer.AsSpan(0, n), 0, 8, out var header).IsNone.ShouldBeTrue();
        var server = createServer(new QuicConnectionId(header.DestinationConnectionId), new QuicConnectionId(header.SourceConnectionId));
        server.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(ClientAddress), now);
        for (int round = 0; round < 20 && client.State == QuicConnectionState.Handshaking; round++)
        {
            now += 1000;
            while ((n = server.Send(buffer, now, out _)) > 0)
            {
                client.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(ServerAddress), now);
            }

            while ((n = client.Send(buffer, now, out _)) > 0)
            {
                server.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(ClientAddress), now);
            }
        }

        return client;
    }

    private static QuicTlsServerOptions Tls => new() { Certificate = InMemoryNetwork.Certificate };

    private static QuicConnectionEvent CloseOf(QuicConnection client)
    {
        var events = NetworkTestHelpers.Drain(client);
        return events.Single(e => e.Kind == QuicConnectionEventKind.ConnectionClosed);
    }

    [TestMethod]
    public void S7_3_MatchingIds_Complete()
    {
        var client = Run((dcid, scid) => QuicConnection.CreateServer(Tls, null, dcid, dcid, scid, new QuicConnectionId([1, 2, 3, 4, 5, 6, 7, 8]), null, ClientAddress, false, 0));
        client.IsHandshakeComplete.ShouldBeTrue();
    }

    [TestMethod]
    public void S7_3_WrongOriginalDestinationConnectionId_IsTransportParameterError()
    {
        var client = Run((dcid, scid) => QuicConnection.CreateServer(Tls, null, dcid, new QuicConnectionId([9, 9, 9, 9, 9, 9, 9, 9]), scid, new QuicConnectionId([1, 2, 3, 4, 5, 6, 7, 8]), null, ClientAddress, false, 0));
        var close = CloseOf(client);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        close.Reason.ShouldBe(QuicConnectionErrors.OriginalDestinationMismatch);
    }

    [TestMethod]
    public void S7_3_RetrySourceWithoutRetry_IsTransportParameterError()
    {
        var client = Run((dcid, scid) => QuicConnection.CreateServer(Tls, null, dcid, dcid, scid, new QuicConnectionId([1, 2, 3, 4, 5, 6, 7, 8]), new QuicConnectionId([7, 7, 7, 7]), ClientAddress, false, 0));
        var close = CloseOf(client);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        close.Reason.ShouldBe(QuicConnectionErrors.RetrySourceMismatch);
    }

    [TestMethod]
    public void S7_3_ServerSeesClientInitialSourceMismatch_IsTransportParameterError()
    {
        QuicConnection? server = null;
        Run((dcid, scid) => server = QuicConnection.CreateServer(Tls, null, dcid, dcid, new QuicConnectionId([5, 5, 5, 5]), new QuicConnectionId([1, 2, 3, 4, 5, 6, 7, 8]), null, ClientAddress, false, 0));
        var close = NetworkTestHelpers.Drain(server!).Single(e => e.Kind == QuicConnectionEventKind.ConnectionClosed);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        close.Reason.ShouldBe(QuicConnectionErrors.InitialSourceMismatch);
    }
}
