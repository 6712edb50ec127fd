using Roadrunner.Quic;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Tls;
using Shouldly;
using static Roadrunner.Tests.Quic.Tls.TlsMessageBuilder;
using static Roadrunner.Tests.Quic.Tls.TlsTestSupport;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>
/// The client's answers to bad server messages (RFC 8446 §4.1.3, §4.1.4, §4.3.1, §4.4; RFC 9001 §8): real server
/// output, altered in one place, or messages built by hand; each asserts the exact error.
/// </summary>
[TestClass]
public sealed class ClientServerFlightErrorTests
{
    private const byte UnexpectedMessage = 10;
    private const byte BadCertificate = 42;
    private const byte IllegalParameter = 47;
    private const byte DecodeError = 50;
    private const byte DecryptError = 51;
    private const byte ProtocolVersion = 70;
    private const byte MissingExtension = 109;
    private const byte UnsupportedExtension = 110;
    private const byte NoApplicationProtocol = 120;

    private static readonly byte[] HelloRetryRandom = Hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /// <summary>
    /// Starts a client, lets a real server answer its ClientHello, and returns the client, the ServerHello and the
    /// server's Handshake flight split into messages (EncryptedExtensions, Certificate, CertificateVerify, Finished).
    /// </summary>
    private static (QuicTlsHandshake Client, byte[] ServerHello, List<byte[]> Flight) Exchange(QuicTlsClientOptions? clientOptions = null, bool rsa = false)
    {
        var client = NewClient(clientOptions);
        var server = NewServer(new QuicTlsServerOptions { Certificate = rsa ? RsaCertificate : EcdsaCertificate });
        client.Start();
        server.Receive(QuicEncryptionLevel.Initial, CryptoAt(Drain(client), QuicEncryptionLevel.Initial)).IsNone.ShouldBeTrue();
        var events = Drain(server);
        return (client, CryptoAt(events, QuicEncryptionLevel.Initial), Messages(CryptoAt(events, QuicEncryptionLevel.Handshake)));
    }

    private static QuicError FeedFlight(QuicTlsHandshake client, byte[] serverHello, IEnumerable<byte[]> flight)
    {
        var error = client.Receive(QuicEncryptionLevel.Initial, serverHello);
        return error.IsNone ? client.Receive(QuicEncryptionLevel.Handshake, [.. flight.SelectMany(m => m)]) : error;
    }

    /// <summary>RFC 8446 §4.4.3: a CertificateVerify whose signature does not verify is decrypt_error.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void BadCertificateVerifySignature_IsDecryptError(bool rsa)
    {
        var (client, serverHello, flight) = Exchange(rsa: rsa);
        flight[2][^3] ^= 0x01;

        var error = FeedFlight(client, serverHello, flight);
        error.Code.ShouldBe(Alert(DecryptError));
        error.Reason.ShouldBe(QuicTlsErrors.SignatureInvalid);
    }

    /// <summary>RFC 8446 §4.4.3: a CertificateVerify with a scheme the client did not offer is illegal_parameter.</summary>
    [TestMethod]
    public void CertificateVerifyWithSchemeNotOffered_IsIllegalParameter()
    {
        var (client, serverHello, flight) = Exchange();
        flight[2][4] = 0x05; // 0x0403 -> 0x0503, ecdsa_secp384r1_sha384
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(IllegalParameter));
    }

    /// <summary>RFC 8446 §4.4.4: a server Finished with the wrong verify_data is decrypt_error.</summary>
    [TestMethod]
    public void BadServerFinished_IsDecryptError()
    {
        var (client, serverHello, flight) = Exchange();
        flight[3][^1] ^= 0x80;

        var error = FeedFlight(client, serverHello, flight);
        error.Code.ShouldBe(Alert(DecryptError));
        error.Reason.ShouldBe(QuicTlsErrors.FinishedInvalid);
        client.IsComplete.ShouldBeFalse();
    }

    /// <summary>A chain the validation callback refuses is bad_certificate (RFC 8446 §4.4.2.4).</summary>
    [TestMethod]
    public void CertificateRefusedByCallback_IsBadCertificate()
    {
        var (client, serverHello, flight) = Exchange(new QuicTlsClientOptions { ValidateCertificate = _ => false });
        var error = FeedFlight(client, serverHello, flight);
        error.Code.ShouldBe(Alert(BadCertificate));
        error.Reason.ShouldBe(QuicTlsErrors.CertificateRejected);
    }

    /// <summary>RFC 8446 §4.4.2: unparsable certificate bytes are bad_certificate; an empty list decode_error.</summary>
    [TestMethod]
    public void CertificateMessage_Bad_IsRefused()
    {
        var (client, serverHello, flight) = Exchange();
        flight[1] = Message(11, [0], Vec24(Vec24([0x30, 0x03, 0x02, 0x01, 0x00]), Vec16()));
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(BadCertificate));

        (client, serverHello, flight) = Exchange();
        flight[1] = Message(11, [0], Vec24());
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(DecodeError));

        (client, serverHello, flight) = Exchange();
        flight[1] = Message(11, Vec8([1]), Vec24(Vec24(EcdsaCertificate.RawData), Vec16()));
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(IllegalParameter));

        (client, serverHello, flight) = Exchange();
        flight[1] = Message(11, [0], Vec24(Vec24(EcdsaCertificate.RawData)));
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(DecodeError));
    }

    /// <summary>RFC 9001 §8.1, §8.2 and RFC 7301 §3.1: the EncryptedExtensions the client requires.</summary>
    [TestMethod]
    [DataRow("no transport parameters", MissingExtension)]
    [DataRow("no alpn", NoApplicationProtocol)]
    [DataRow("alpn not offered", IllegalParameter)]
    [DataRow("two alpn names", DecodeError)]
    [DataRow("unsolicited key_share", UnsupportedExtension)]
    [DataRow("duplicate alpn", IllegalParameter)]
    [DataRow("server_name with a body", DecodeError)]
    [DataRow("trailing byte", DecodeError)]
    public void EncryptedExtensions_Bad_IsRefused(string mutation, byte alert)
    {
        var (client, serverHello, flight) = Exchange();
        byte[] parameters = TransportParameters(ServerParameters);
        byte[] alpn = Extension(16, Alpn("h3"));
        byte[] tp = Extension(57, parameters);
        flight[0] = mutation switch
        {
            "no transport parameters" => Message(8, Vec16(alpn)),
            "no alpn" => Message(8, Vec16(tp)),
            "alpn not offered" => Message(8, Vec16(Extension(16, Alpn("h2")), tp)),
            "two alpn names" => Message(8, Vec16(Extension(16, Alpn("h3", "h3-29")), tp)),
            "unsolicited key_share" => Message(8, Vec16(alpn, tp, Extension(51, KeyShareEntry(0x001d, X25519PublicKey)))),
            "duplicate alpn" => Message(8, Vec16(alpn, alpn, tp)),
            "server_name with a body" => Message(8, Vec16(Extension(0, [0]), alpn, tp)),
            "trailing byte" => Message(8, Vec16(alpn, tp), [0]),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(alert), mutation);
    }

    /// <summary>RFC 6066 §3: a server_name acknowledgement when the client sent none is unsupported_extension.</summary>
    [TestMethod]
    public void EncryptedExtensions_ServerNameNotSent_IsUnsupportedExtension()
    {
        var (client, serverHello, flight) = Exchange(new QuicTlsClientOptions());
        flight[0] = Message(8, Vec16(Extension(0, []), Extension(16, Alpn("h3")), Extension(57, TransportParameters(ServerParameters))));
        FeedFlight(client, serverHello, flight).Code.ShouldBe(Alert(UnsupportedExtension));
    }

    /// <summary>RFC 9000 §7.4: bad transport parameters from the server are TRANSPORT_PARAMETER_ERROR.</summary>
    [TestMethod]
    public void EncryptedExtensions_BadTransportParameters_IsTransportParameterError()
    {
        var (client, serverHello, flight) = Exchange();
        flight[0] = Message(8, Vec16(Extension(16, Alpn("h3")), Extension(57, [0x04, 0x08])));
        FeedFlight(client, serverHello, flight).Code.ShouldBe(QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
    }

    /// <summary>RFC 8446 §4.1.3 and §4.2.1: the ServerHello fields the client checks.</summary>
    [TestMethod]
    [DataRow("suite not offered", IllegalParameter)]
    [DataRow("version 0x0303 selected", IllegalParameter)]
    [DataRow("no supported_versions", ProtocolVersion)]
    [DataRow("session id echoed", IllegalParameter)]
    [DataRow("share for a group not sent", IllegalParameter)]
    [DataRow("no key_share", MissingExtension)]
    [DataRow("unsolicited extension", UnsupportedExtension)]
    [DataRow("truncated", DecodeError)]
    public void ServerHello_Bad_IsRefused(string mutation, byte alert)
    {
        var client = NewClient();
        client.Start();
        var random = new byte[32];
        byte[] versions = Extension(43, U16(0x0304));
        byte[] share = Extension(51, KeyShareEntry(0x001d, X25519PublicKey));
        byte[] hello = mutation switch
        {
            "suite not offered" => ServerHello(random, 0x1304, versions, share),
            "version 0x0303 selected" => ServerHello(random, 0x1301, Extension(43, U16(0x0303)), share),
            "no supported_versions" => ServerHello(random, 0x1301, share),
            "session id echoed" => Message(2, U16(0x0303), random, Vec8([1, 2]), U16(0x1301), [0], Vec16(versions, share)),
            "share for a group not sent" => ServerHello(random, 0x1301, versions, Extension(51, KeyShareEntry(0x0017, new byte[65]))),
            "no key_share" => ServerHello(random, 0x1301, versions),
            "unsolicited extension" => ServerHello(random, 0x1301, versions, share, Extension(16, Alpn("h3"))),
            "truncated" => Message(2, U16(0x0303), random[..20]),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        client.Receive(QuicEncryptionLevel.Initial, hello).Code.ShouldBe(Alert(alert), mutation);
    }

    /// <summary>RFC 8446 §4.1.4: "If a client receives a second HelloRetryRequest ... it MUST abort ... unexpected_message".</summary>
    [TestMethod]
    public void SecondHelloRetryRequest_IsUnexpectedMessage()
    {
        var client = NewClient(shares: []);
        client.Start();
        Drain(client);
        byte[] retry = ServerHello(HelloRetryRandom, 0x1301, Extension(43, U16(0x0304)), Extension(51, U16(0x001d)));

        client.Receive(QuicEncryptionLevel.Initial, retry).IsNone.ShouldBeTrue();
        var secondHello = CryptoAt(Drain(client), QuicEncryptionLevel.Initial);
        secondHello[0].ShouldBe((byte)1);

        var error = client.Receive(QuicEncryptionLevel.Initial, retry);
        error.Code.ShouldBe(Alert(UnexpectedMessage));
        error.Reason.ShouldBe(QuicTlsErrors.HelloRetryRequestRepeated);
    }

    /// <summary>
    /// RFC 8446 §4.1.4 and §4.2.8: a HelloRetryRequest that would change nothing, or asks for a group the client already
    /// sent or never offered, is illegal_parameter.
    /// </summary>
    [TestMethod]
    [DataRow(null)]
    [DataRow((ushort)0x001d)]
    [DataRow((ushort)0x0018)]
    public void HelloRetryRequest_Useless_IsIllegalParameter(ushort? group)
    {
        var client = NewClient();
        client.Start();
        byte[] retry = group is { } g
            ? ServerHello(HelloRetryRandom, 0x1301, Extension(43, U16(0x0304)), Extension(51, U16(g)))
            : ServerHello(HelloRetryRandom, 0x1301, Extension(43, U16(0x0304)));
        var error = client.Receive(QuicEncryptionLevel.Initial, retry);
        error.Code.ShouldBe(Alert(IllegalParameter));
        error.Reason.ShouldBe(QuicTlsErrors.HelloRetryRequestIllegal);
    }

    /// <summary>RFC 8446 §4.2.2: a HelloRetryRequest cookie is echoed in the second ClientHello.</summary>
    [TestMethod]
    public void HelloRetryRequest_Cookie_IsEchoed()
    {
        var client = NewClient();
        client.Start();
        Drain(client);
        byte[] cookie = [0xc0, 0x0c, 0x1e];
        byte[] retry = ServerHello(HelloRetryRandom, 0x1301, Extension(43, U16(0x0304)), Extension(44, Vec16(cookie)));
        client.Receive(QuicEncryptionLevel.Initial, retry).IsNone.ShouldBeTrue();

        var secondHello = CryptoAt(Drain(client), QuicEncryptionLevel.Initial);
        byte[] expected = Extension(44, Vec16(cookie));
        secondHello.AsSpan().IndexOf(expected).ShouldBeGreaterThan(0);
    }

    /// <summary>RFC 9001 §4.1.3: a ServerHello at the Handshake level, or EncryptedExtensions at Initial, is unexpected_message.</summary>
    [TestMethod]
    public void ServerMessages_AtTheWrongLevel_AreUnexpectedMessage()
    {
        var (client, serverHello, _) = Exchange();
        client.Receive(QuicEncryptionLevel.Handshake, serverHello).Code.ShouldBe(Alert(UnexpectedMessage));

        var (other, otherHello, flight) = Exchange();
        other.Receive(QuicEncryptionLevel.Initial, otherHello).IsNone.ShouldBeTrue();
        other.Receive(QuicEncryptionLevel.Initial, flight[0]).Code.ShouldBe(Alert(UnexpectedMessage));
    }

    /// <summary>RFC 8446 §4: messages out of order (Finished before Certificate) are unexpected_message.</summary>
    [TestMethod]
    public void ServerMessages_OutOfOrder_AreUnexpectedMessage()
    {
        var (client, serverHello, flight) = Exchange();
        var error = FeedFlight(client, serverHello, [flight[0], flight[3]]);
        error.Code.ShouldBe(Alert(UnexpectedMessage));
        error.Reason.ShouldBe(QuicTlsErrors.MessageUnexpected);
    }

    /// <summary>Receive before Start is a programmer error.</summary>
    [TestMethod]
    public void Receive_BeforeStart_Throws() =>
        Should.Throw<InvalidOperationException>(() => NewClient().Receive(QuicEncryptionLevel.Initial, [2, 0, 0, 0]));

    /// <summary>Start twice, or on a server, is a programmer error.</summary>
    [TestMethod]
    public void Start_TwiceOrOnAServer_Throws()
    {
        var client = NewClient();
        client.Start();
        Should.Throw<InvalidOperationException>(client.Start);
        Should.Throw<InvalidOperationException>(NewServer().Start);
    }

    /// <summary>Bad configuration throws at creation, not on the wire.</summary>
    [TestMethod]
    public void Create_WithBadOptions_Throws()
    {
        Should.Throw<ArgumentException>(() => QuicTlsHandshake.CreateClient(new QuicTlsClientOptions { ApplicationProtocols = [] }, ClientParameters));
        Should.Throw<ArgumentException>(() => QuicTlsHandshake.CreateClient(new QuicTlsClientOptions { CipherSuites = [] }, ClientParameters));
        using var noKey = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(EcdsaCertificate.RawData);
        Should.Throw<ArgumentException>(() => QuicTlsHandshake.CreateServer(new QuicTlsServerOptions { Certificate = noKey }, ServerParameters));
    }
}
