using Roadrunner.Quic;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Tls;
using Shouldly;
using static Roadrunner.Tests.Quic.Tls.TlsTestSupport;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>
/// A client and a server of ours handshaking in memory (RFC 9001 §4, RFC 8446 §2): every cipher suite, both groups,
/// ECDSA and RSA certificates, the HelloRetryRequest path, and messages fed one byte at a time.
/// </summary>
[TestClass]
public sealed class HandshakeTests
{
    /// <summary>Both sides derive the same secrets per level, mirrored (one's read is the other's write).</summary>
    [TestMethod]
    [DataRow(CipherSuite.TLS_AES_128_GCM_SHA256, (ushort)0x001d, false)]
    [DataRow(CipherSuite.TLS_AES_256_GCM_SHA384, (ushort)0x001d, false)]
    [DataRow(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, (ushort)0x001d, false)]
    [DataRow(CipherSuite.TLS_AES_128_GCM_SHA256, (ushort)0x0017, false)]
    [DataRow(CipherSuite.TLS_AES_256_GCM_SHA384, (ushort)0x0017, false)]
    [DataRow(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, (ushort)0x0017, false)]
    [DataRow(CipherSuite.TLS_AES_128_GCM_SHA256, (ushort)0x001d, true)]
    [DataRow(CipherSuite.TLS_AES_256_GCM_SHA384, (ushort)0x001d, true)]
    [DataRow(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, (ushort)0x001d, true)]
    [DataRow(CipherSuite.TLS_AES_128_GCM_SHA256, (ushort)0x0017, true)]
    [DataRow(CipherSuite.TLS_AES_256_GCM_SHA384, (ushort)0x0017, true)]
    [DataRow(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, (ushort)0x0017, true)]
    public void Handshake_EverySuiteGroupAndKey_DerivesIdenticalSecrets(CipherSuite suite, ushort group, bool rsa)
    {
        var server = NewServer(new QuicTlsServerOptions { Certificate = rsa ? RsaCertificate : EcdsaCertificate, CipherSuites = [suite] });
        var client = NewClient(shares: [group]);

        var (clientEvents, serverEvents, error, _) = Run(client, server);

        error.IsNone.ShouldBeTrue(error.Reason);
        client.IsComplete.ShouldBeTrue();
        server.IsComplete.ShouldBeTrue();
        client.CipherSuite.ShouldBe(suite);
        server.CipherSuite.ShouldBe(suite);
        AssertMirroredSecrets(clientEvents, serverEvents, suite);
    }

    /// <summary>
    /// RFC 9001 §4.1.4 and §4.1.3: the server's events come as CRYPTO data for Initial, the Handshake secrets, CRYPTO
    /// data for Handshake, then the Application secrets; completion follows the client's Finished.
    /// </summary>
    [TestMethod]
    public void Handshake_EventOrder_IsTheOrderAConnectionNeeds()
    {
        var (clientEvents, serverEvents, error, _) = Run(NewClient(), NewServer());

        error.IsNone.ShouldBeTrue(error.Reason);
        Describe(serverEvents).ShouldBe(["Crypto Initial", "Secrets Handshake", "Crypto Handshake", "Secrets Application", "Complete"]);
        Describe(clientEvents).ShouldBe(["Crypto Initial", "Secrets Handshake", "Crypto Handshake", "Secrets Application", "Complete"]);

        // The server has its 1-RTT secrets before the client's Finished, both directions in one event.
        var serverApplication = serverEvents.OfType<QuicTlsSecrets>().Single(s => s.Level == QuicEncryptionLevel.Application);
        serverApplication.ReadSecret.ShouldNotBeNull();
        serverApplication.WriteSecret.ShouldNotBeNull();
    }

    /// <summary>ALPN, SNI and the transport parameters arrive on each side.</summary>
    [TestMethod]
    public void Handshake_NegotiatedValues_ArriveOnBothSides()
    {
        var server = NewServer(new QuicTlsServerOptions { Certificate = EcdsaCertificate, ApplicationProtocols = ["h3", "hq-interop"] });
        var client = NewClient(new QuicTlsClientOptions { ServerName = "example.test", ApplicationProtocols = ["hq-interop", "h3"] });

        var (_, _, error, _) = Run(client, server);

        error.IsNone.ShouldBeTrue(error.Reason);

        // RFC 7301 §3.2: the server chooses; ours prefers h3.
        server.ApplicationProtocol.ShouldBe("h3");
        client.ApplicationProtocol.ShouldBe("h3");
        server.ServerName.ShouldBe("example.test");
        client.ServerName.ShouldBe("example.test");
        server.PeerTransportParameters.ShouldNotBeNull().InitialMaxData.ShouldBe(1111UL);
        server.PeerTransportParameters!.MaxIdleTimeout.ShouldBe(30_000UL);
        client.PeerTransportParameters.ShouldNotBeNull().InitialMaxData.ShouldBe(2222UL);
        client.PeerTransportParameters!.InitialMaxStreamsBidi.ShouldBe(100UL);
        client.PeerTransportParameters!.OriginalDestinationConnectionId.ShouldBe(ServerParameters.OriginalDestinationConnectionId);
    }

    /// <summary>Without a server name the client sends no server_name, and the server reports none.</summary>
    [TestMethod]
    public void Handshake_WithoutServerName_ServerNameIsNull()
    {
        var server = NewServer();
        var (_, _, error, _) = Run(NewClient(new QuicTlsClientOptions()), server);

        error.IsNone.ShouldBeTrue(error.Reason);
        server.ServerName.ShouldBeNull();
    }

    /// <summary>RFC 9001 §4.1.3: handshake messages split across CRYPTO frames are reassembled.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Handshake_FedOneByteAtATime_Completes(bool rsa)
    {
        var server = NewServer(new QuicTlsServerOptions { Certificate = rsa ? RsaCertificate : EcdsaCertificate });
        var (clientEvents, serverEvents, error, _) = Run(NewClient(), server, byteByByte: true);

        error.IsNone.ShouldBeTrue(error.Reason);
        AssertMirroredSecrets(clientEvents, serverEvents, CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    /// <summary>
    /// RFC 8446 §4.1.4: a client offering x25519 and secp256r1 without a key share gets a HelloRetryRequest for the
    /// server's preferred group, answers with a share of it, and the handshake completes with identical secrets.
    /// </summary>
    [TestMethod]
    [DataRow(new ushort[] { 0x001d, 0x0017 }, (ushort)0x001d)]
    [DataRow(new ushort[] { 0x0017 }, (ushort)0x0017)]
    public void HelloRetryRequest_ClientWithoutUsableShare_RetriesAndCompletes(ushort[] groups, ushort expected)
    {
        var client = NewClient(groups: groups, shares: []);
        var server = NewServer(new QuicTlsServerOptions { Certificate = EcdsaCertificate, CipherSuites = [CipherSuite.TLS_AES_256_GCM_SHA384] });

        var (clientEvents, serverEvents, error, _) = Run(client, server);

        error.IsNone.ShouldBeTrue(error.Reason);
        Describe(serverEvents).ShouldBe(["Crypto Initial", "Crypto Initial", "Secrets Handshake", "Crypto Handshake", "Secrets Application", "Complete"]);
        Describe(clientEvents).ShouldBe(["Crypto Initial", "Crypto Initial", "Secrets Handshake", "Crypto Handshake", "Secrets Application", "Complete"]);
        AssertMirroredSecrets(clientEvents, serverEvents, CipherSuite.TLS_AES_256_GCM_SHA384);

        // The HelloRetryRequest carries the special random and selects the expected group.
        var retry = ((QuicTlsCryptoData)serverEvents[0]).Data;
        retry.AsSpan(6, 32).SequenceEqual(Hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")).ShouldBeTrue();
        retry.AsSpan(retry.Length - 2).ToArray().ShouldBe([(byte)(expected >> 8), (byte)expected]);
    }

    /// <summary>The HelloRetryRequest random is SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).</summary>
    [TestMethod]
    public void HelloRetryRequestRandom_IsSha256OfTheName() =>
        System.Security.Cryptography.SHA256.HashData("HelloRetryRequest"u8).ShouldBe(Hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C"));

    /// <summary>The client sees the server's certificate chain in its validation callback, leaf first.</summary>
    [TestMethod]
    public void CertificateCallback_ReceivesTheLeaf()
    {
        byte[]? seen = null;
        var client = NewClient(new QuicTlsClientOptions
        {
            ValidateCertificate = chain =>
            {
                seen = chain[0].RawData;
                return true;
            },
        });

        var (_, _, error, _) = Run(client, NewServer(new QuicTlsServerOptions { Certificate = RsaCertificate }));

        error.IsNone.ShouldBeTrue(error.Reason);
        seen.ShouldBe(RsaCertificate.RawData);
    }

    /// <summary>RFC 8446 §4.4.2: intermediates follow the leaf in the Certificate message, in order.</summary>
    [TestMethod]
    public void CertificateChain_ArrivesLeafFirst()
    {
        IReadOnlyList<byte[]>? seen = null;
        var client = NewClient(new QuicTlsClientOptions
        {
            ValidateCertificate = chain =>
            {
                seen = [.. chain.Select(c => c.RawData)];
                return true;
            },
        });
        var server = NewServer(new QuicTlsServerOptions { Certificate = EcdsaCertificate, CertificateChain = [RsaCertificate] });

        Run(client, server).Error.IsNone.ShouldBeTrue();
        seen.ShouldNotBeNull().Count.ShouldBe(2);
        seen[0].ShouldBe(EcdsaCertificate.RawData);
        seen[1].ShouldBe(RsaCertificate.RawData);
    }

    /// <summary>The ClientHello keeps an empty legacy_session_id (RFC 9001 §8.4) and the same seed gives the same bytes.</summary>
    [TestMethod]
    public void ClientHello_IsDeterministicWithASeed_AndHasAnEmptySessionId()
    {
        var first = NewClient();
        var second = NewClient();
        first.Start();
        second.Start();
        var a = CryptoAt(Drain(first), QuicEncryptionLevel.Initial);
        var b = CryptoAt(Drain(second), QuicEncryptionLevel.Initial);

        a.ShouldBe(b);
        a[0].ShouldBe((byte)1);
        a[4 + 2 + 32].ShouldBe((byte)0);
    }

    /// <summary>A client NewSessionTicket after the handshake is read and ignored (no resumption).</summary>
    [TestMethod]
    public void NewSessionTicket_AfterCompletion_IsIgnoredByTheClient()
    {
        var client = NewClient();
        Run(client, NewServer()).Error.IsNone.ShouldBeTrue();

        // ticket_lifetime, ticket_age_add, ticket_nonce<0..255>, ticket<1..2^16-1>, extensions<0..2^16-2>.
        byte[] ticket = [4, 0, 0, 15, 0, 0, 0, 60, 1, 2, 3, 4, 0, 0, 2, 0xaa, 0xbb, 0, 0];
        client.Receive(QuicEncryptionLevel.Application, ticket).IsNone.ShouldBeTrue();
    }

    /// <summary>Dispose may be called at any point.</summary>
    [TestMethod]
    public void Dispose_MidHandshake_DoesNotThrow()
    {
        var client = NewClient();
        client.Start();
        client.Dispose();
        NewServer().Dispose();
    }

    private static void AssertMirroredSecrets(List<QuicTlsEvent> clientEvents, List<QuicTlsEvent> serverEvents, CipherSuite suite)
    {
        foreach (var level in new[] { QuicEncryptionLevel.Handshake, QuicEncryptionLevel.Application })
        {
            var c = clientEvents.OfType<QuicTlsSecrets>().Single(s => s.Level == level);
            var s = serverEvents.OfType<QuicTlsSecrets>().Single(s => s.Level == level);
            c.CipherSuite.ShouldBe(suite);
            s.CipherSuite.ShouldBe(suite);
            c.ReadSecret!.Length.ShouldBe(suite.HashLength());
            c.ReadSecret.ShouldBe(s.WriteSecret);
            c.WriteSecret.ShouldBe(s.ReadSecret);
            c.ReadSecret.ShouldNotBe(c.WriteSecret);
        }
    }

    private static string[] Describe(List<QuicTlsEvent> events) =>
        [.. events.Select(e => e switch
        {
            QuicTlsCryptoData d => $"Crypto {d.Level}",
            QuicTlsSecrets s => $"Secrets {s.Level}",
            QuicTlsHandshakeComplete => "Complete",
            _ => "?",
        })];
}
