using Roadrunner.Quic;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Tls;
using Shouldly;
using static Roadrunner.Tests.Quic.Tls.TlsMessageBuilder;
using static Roadrunner.Tests.Quic.Tls.TlsTestSupport;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>
/// The server's answers to bad ClientHellos and bad client messages (RFC 8446 §4.1.2, §4.2, §6.2; RFC 9001 §8): each
/// sends the bad bytes and asserts the exact CRYPTO_ERROR (0x100 + alert) or transport error.
/// </summary>
[TestClass]
public sealed class ServerClientHelloErrorTests
{
    private const byte UnexpectedMessage = 10;
    private const byte HandshakeFailure = 40;
    private const byte IllegalParameter = 47;
    private const byte DecodeError = 50;
    private const byte DecryptError = 51;
    private const byte ProtocolVersion = 70;
    private const byte MissingExtension = 109;
    private const byte NoApplicationProtocol = 120;

    /// <summary>The builder's default ClientHello is accepted: the tests below each break one thing.</summary>
    [TestMethod]
    public void DefaultClientHello_IsAccepted()
    {
        var server = NewServer();
        server.Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Build()).IsNone.ShouldBeTrue();
        server.CipherSuite.ShouldBe(Roadrunner.Quic.Crypto.CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    /// <summary>
    /// RFC 9001 §8.4: "A server SHOULD treat the receipt of a TLS ClientHello with a non-empty legacy_session_id field
    /// as a connection error of type PROTOCOL_VIOLATION" (no middlebox compatibility mode in QUIC).
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(32)]
    public void SessionId_NotEmpty_IsProtocolViolation(int length)
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder { SessionId = new byte[length] }.Build());
        error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
        error.Reason.ShouldBe(QuicTlsErrors.SessionIdNotEmpty);
    }

    /// <summary>RFC 8446 §6.2 decode_error: vectors that run past their container or break their range.</summary>
    [TestMethod]
    [DataRow("body shorter than random")]
    [DataRow("session id of 33 bytes")]
    [DataRow("odd cipher suites length")]
    [DataRow("empty cipher suites")]
    [DataRow("empty compression methods")]
    [DataRow("extensions length past the end")]
    [DataRow("extension body past the block")]
    [DataRow("bytes after the extensions")]
    [DataRow("supported_versions odd")]
    [DataRow("alpn empty name")]
    [DataRow("key share entry truncated")]
    [DataRow("signature_algorithms empty")]
    [DataRow("server_name truncated")]
    public void Truncated_OrOutOfRange_IsDecodeError(string mutation)
    {
        var builder = new ClientHelloBuilder();
        byte[] hello;
        switch (mutation)
        {
            case "body shorter than random":
                hello = Message(1, U16(0x0303), new byte[10]);
                break;
            case "session id of 33 bytes":
                builder.SessionId = new byte[33];
                hello = builder.Build();
                break;
            case "odd cipher suites length":
                builder.CipherSuites = [0x13, 0x01, 0x13];
                hello = builder.Build();
                break;
            case "empty cipher suites":
                builder.CipherSuites = [];
                hello = builder.Build();
                break;
            case "empty compression methods":
                builder.Compression = [];
                hello = builder.Build();
                break;
            case "extensions length past the end":
                builder.NoExtensions = true;
                hello = builder.Build();
                hello = Message(1, [.. hello[4..], 0x10, 0x00, 0x00, 0x2b]);
                break;
            case "extension body past the block":
                builder.NoExtensions = true;
                hello = Message(1, builder.Build()[4..], Vec16(builder.Extensions, [0x00, 0x2b, 0x00, 0x09, 0x02]));
                break;
            case "bytes after the extensions":
                hello = builder.Build();
                hello = Message(1, hello[4..], [0x00]);
                break;
            case "supported_versions odd":
                hello = builder.With(43, Vec8([0x03, 0x04, 0x03])).Build();
                break;
            case "alpn empty name":
                hello = builder.With(16, Vec16(Vec8())).Build();
                break;
            case "key share entry truncated":
                hello = builder.With(51, Vec16([0x00, 0x1d, 0x00, 0x20, 0x01])).Build();
                break;
            case "signature_algorithms empty":
                hello = builder.With(13, Vec16()).Build();
                break;
            case "server_name truncated":
                hello = builder.Add(0, Vec16([0x00, 0x00, 0x09, 0x61])).Build();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation));
        }

        var error = NewServer().Receive(QuicEncryptionLevel.Initial, hello);
        error.Code.ShouldBe(Alert(DecodeError), mutation);
    }

    /// <summary>
    /// A message longer than MaxHandshakeMessageSize is refused with CRYPTO_BUFFER_EXCEEDED as soon as its header is
    /// read, before its body is buffered.
    /// </summary>
    [TestMethod]
    public void OversizedMessage_IsCryptoBufferExceeded()
    {
        var server = NewServer(new QuicTlsServerOptions { Certificate = EcdsaCertificate, MaxHandshakeMessageSize = 100 });
        var error = server.Receive(QuicEncryptionLevel.Initial, [1, 0x00, 0x00, 101]);
        error.Code.ShouldBe(QuicTransportErrorCode.CRYPTO_BUFFER_EXCEEDED);
        error.Reason.ShouldBe(QuicTlsErrors.MessageTooLarge);

        // The default limit takes a real ClientHello; a smaller one does not.
        NewServer(new QuicTlsServerOptions { Certificate = EcdsaCertificate, MaxHandshakeMessageSize = 64 })
            .Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Build()).Code.ShouldBe(QuicTransportErrorCode.CRYPTO_BUFFER_EXCEEDED);
    }

    /// <summary>RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension block."</summary>
    [TestMethod]
    [DataRow((ushort)16)]
    [DataRow((ushort)0x1234)]
    public void DuplicateExtension_IsIllegalParameter(ushort type)
    {
        var builder = new ClientHelloBuilder().Add(type, type == 16 ? Alpn("h3") : [1]);
        if (type != 16)
        {
            builder.Add(type, [2]);
        }

        var error = NewServer().Receive(QuicEncryptionLevel.Initial, builder.Build());
        error.Code.ShouldBe(Alert(IllegalParameter));
        error.Reason.ShouldBe(QuicTlsErrors.ExtensionDuplicate);
    }

    /// <summary>RFC 9001 §8.2: a ClientHello without quic_transport_parameters is missing_extension (0x016d).</summary>
    [TestMethod]
    public void MissingTransportParameters_IsMissingExtension()
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Without(57).Build());
        error.Code.ShouldBe(Alert(MissingExtension));
        ((ulong)error.Code).ShouldBe(0x016dUL);
    }

    /// <summary>RFC 9000 §7.4: bad transport parameters are TRANSPORT_PARAMETER_ERROR, not a TLS alert.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x04, 0x08 })]
    [DataRow(new byte[] { 0x00, 0x02, 0x01, 0x02, 0x0f, 0x00 })]
    public void BadTransportParameters_IsTransportParameterError(byte[] parameters)
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().With(57, parameters).Build());
        error.Code.ShouldBe(QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
    }

    /// <summary>RFC 9001 §8.1 and RFC 7301 §3.2: no ALPN, or none in common, is no_application_protocol (0x0178).</summary>
    [TestMethod]
    public void ApplicationProtocol_MissingOrNoOverlap_IsNoApplicationProtocol()
    {
        var missing = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Without(16).Build());
        missing.Code.ShouldBe(Alert(NoApplicationProtocol));
        missing.Reason.ShouldBe(QuicTlsErrors.ApplicationProtocolMissing);

        var noOverlap = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().With(16, Alpn("h2", "http/1.1")).Build());
        noOverlap.Code.ShouldBe(Alert(NoApplicationProtocol));
        noOverlap.Reason.ShouldBe(QuicTlsErrors.ApplicationProtocolNoOverlap);
        ((ulong)noOverlap.Code).ShouldBe(0x0178UL);
    }

    /// <summary>RFC 8446 §4.1.1: no cipher suite in common is handshake_failure.</summary>
    [TestMethod]
    public void NoCipherSuiteOverlap_IsHandshakeFailure()
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder { CipherSuites = U16(0x1304, 0xc02f) }.Build());
        error.Code.ShouldBe(Alert(HandshakeFailure));
        error.Reason.ShouldBe(QuicTlsErrors.NoCipherSuite);
    }

    /// <summary>RFC 8446 §4.2.1: a client not offering TLS 1.3 is refused with protocol_version.</summary>
    [TestMethod]
    public void NoTls13_IsProtocolVersion()
    {
        NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().With(43, Vec8(U16(0x0303, 0x0302))).Build())
            .Code.ShouldBe(Alert(ProtocolVersion));
        NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Without(43).Build())
            .Code.ShouldBe(Alert(ProtocolVersion));
        NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder { NoExtensions = true }.Build())
            .Code.ShouldBe(Alert(ProtocolVersion));
    }

    /// <summary>RFC 8446 §4.1.2: legacy_compression_methods other than [0] is illegal_parameter.</summary>
    [TestMethod]
    [DataRow(new byte[] { 1 })]
    [DataRow(new byte[] { 0, 1 })]
    public void CompressionMethods_NotJustNull_IsIllegalParameter(byte[] methods)
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder { Compression = methods }.Build());
        error.Code.ShouldBe(Alert(IllegalParameter));
        error.Reason.ShouldBe(QuicTlsErrors.CompressionMethods);
    }

    /// <summary>RFC 8446 §9.2 and §4.4.2.2: signature_algorithms is required and must allow the certificate's scheme.</summary>
    [TestMethod]
    public void SignatureAlgorithms_MissingOrWithoutOurScheme_IsRefused()
    {
        NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Without(13).Build())
            .Code.ShouldBe(Alert(MissingExtension));

        // The ECDSA certificate signs with 0x0403 only.
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().With(13, Vec16(U16(0x0804, 0x0503))).Build());
        error.Code.ShouldBe(Alert(HandshakeFailure));
        error.Reason.ShouldBe(QuicTlsErrors.NoSignatureScheme);
    }

    /// <summary>RFC 8446 §4.2.7, §4.2.8, §9.2: key shares and groups.</summary>
    [TestMethod]
    [DataRow("no key_share", MissingExtension)]
    [DataRow("no supported_groups", MissingExtension)]
    [DataRow("no group in common", HandshakeFailure)]
    [DataRow("share for a group not in supported_groups", IllegalParameter)]
    [DataRow("two shares of one group", IllegalParameter)]
    [DataRow("x25519 point of small order", IllegalParameter)]
    [DataRow("x25519 key of 31 bytes", IllegalParameter)]
    [DataRow("secp256r1 point not on the curve", IllegalParameter)]
    [DataRow("secp256r1 compressed point", IllegalParameter)]
    public void KeyShare_Bad_IsRefused(string mutation, byte alert)
    {
        var builder = new ClientHelloBuilder();
        byte[] p256Groups = Vec16(U16(0x0017));
        switch (mutation)
        {
            case "no key_share": builder.Without(51); break;
            case "no supported_groups": builder.Without(10); break;
            case "no group in common":
                builder.With(10, Vec16(U16(0x0018))).With(51, Vec16(KeyShareEntry(0x0018, new byte[97])));
                break;
            case "share for a group not in supported_groups":
                builder.With(10, p256Groups);
                break;
            case "two shares of one group":
                builder.With(51, Vec16(KeyShareEntry(0x001d, X25519PublicKey), KeyShareEntry(0x001d, X25519PublicKey)));
                break;
            case "x25519 point of small order":
                builder.With(51, Vec16(KeyShareEntry(0x001d, new byte[32])));
                break;
            case "x25519 key of 31 bytes":
                builder.With(51, Vec16(KeyShareEntry(0x001d, new byte[31])));
                break;
            case "secp256r1 point not on the curve":
                builder.With(10, p256Groups).With(51, Vec16(KeyShareEntry(0x0017, [0x04, .. Enumerable.Repeat((byte)1, 64)])));
                break;
            case "secp256r1 compressed point":
                builder.With(10, p256Groups).With(51, Vec16(KeyShareEntry(0x0017, [0x02, .. Enumerable.Repeat((byte)1, 32)])));
                break;
        }

        var error = NewServer().Receive(QuicEncryptionLevel.Initial, builder.Build());
        error.Code.ShouldBe(Alert(alert), mutation);
    }

    /// <summary>
    /// RFC 8446 §4.1.2: after a HelloRetryRequest the client sends "a single KeyShareEntry from the group indicated";
    /// a second ClientHello without it is illegal_parameter.
    /// </summary>
    [TestMethod]
    public void SecondClientHello_WithoutTheRequestedShare_IsIllegalParameter()
    {
        var server = NewServer();
        var hello = new ClientHelloBuilder().With(51, Vec16()).Build();
        server.Receive(QuicEncryptionLevel.Initial, hello).IsNone.ShouldBeTrue();
        var retry = CryptoAt(Drain(server), QuicEncryptionLevel.Initial);
        retry[0].ShouldBe((byte)2);

        var error = server.Receive(QuicEncryptionLevel.Initial, hello);
        error.Code.ShouldBe(Alert(IllegalParameter));
        error.Reason.ShouldBe(QuicTlsErrors.SecondClientHelloKeyShare);
    }

    /// <summary>RFC 8446 §4.1.4: the cipher suite may not change between the two ClientHellos' negotiations.</summary>
    [TestMethod]
    public void SecondClientHello_ChangingTheSuite_IsIllegalParameter()
    {
        var server = NewServer();
        server.Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().With(51, Vec16()).Build()).IsNone.ShouldBeTrue();
        var error = server.Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder { CipherSuites = U16(0x1302) }.Build());
        error.Code.ShouldBe(Alert(IllegalParameter));
        error.Reason.ShouldBe(QuicTlsErrors.CipherSuiteChanged);
    }

    /// <summary>RFC 8446 §4.2.11: pre_shared_key must be the last extension.</summary>
    [TestMethod]
    public void PreSharedKey_NotLast_IsIllegalParameter()
    {
        byte[] psk = Vec16(Vec16([1, 2, 3]), [0, 0, 0, 0]);
        var hello = new ClientHelloBuilder().Without(57).Add(41, [.. psk, .. Vec16(Vec8(new byte[32]))]).Add(57, TransportParameters(ClientParameters)).Build();
        NewServer().Receive(QuicEncryptionLevel.Initial, hello).Code.ShouldBe(Alert(IllegalParameter));
    }

    /// <summary>RFC 6066 §3: a host_name with bytes outside printable ASCII is illegal_parameter.</summary>
    [TestMethod]
    public void ServerName_NotAscii_IsIllegalParameter()
    {
        var hello = new ClientHelloBuilder().Add(0, Vec16([0], Vec16([0x61, 0xc3, 0xa9]))).Build();
        NewServer().Receive(QuicEncryptionLevel.Initial, hello).Code.ShouldBe(Alert(IllegalParameter));
    }

    /// <summary>
    /// RFC 8446 §4 / RFC 9001 §4.1.3: a message of the wrong type, or at the wrong level, is unexpected_message; a
    /// KeyUpdate is too (RFC 9001 §6); after an error every later call repeats it.
    /// </summary>
    [TestMethod]
    public void WrongLevelOrType_IsUnexpectedMessage()
    {
        var atHandshake = NewServer().Receive(QuicEncryptionLevel.Handshake, new ClientHelloBuilder().Build());
        atHandshake.Code.ShouldBe(Alert(UnexpectedMessage));

        var atZeroRtt = NewServer().Receive(QuicEncryptionLevel.ZeroRtt, new ClientHelloBuilder().Build());
        atZeroRtt.Code.ShouldBe(Alert(UnexpectedMessage));

        var server = NewServer();
        var finishedFirst = server.Receive(QuicEncryptionLevel.Initial, Message(20, new byte[32]));
        finishedFirst.Code.ShouldBe(Alert(UnexpectedMessage));
        finishedFirst.Reason.ShouldBe(QuicTlsErrors.MessageUnexpected);
        server.Receive(QuicEncryptionLevel.Initial, new ClientHelloBuilder().Build()).ShouldBe(finishedFirst);

        var keyUpdate = NewServer().Receive(QuicEncryptionLevel.Initial, Message(24, [0]));
        keyUpdate.Code.ShouldBe(Alert(UnexpectedMessage));
        keyUpdate.Reason.ShouldBe(QuicTlsErrors.KeyUpdateForbidden);
    }

    /// <summary>RFC 8446 §5.1: bytes left at Initial after the ClientHello, once the handshake moved on, are refused.</summary>
    [TestMethod]
    public void DataAfterClientHello_AtInitial_IsUnexpectedMessage()
    {
        var error = NewServer().Receive(QuicEncryptionLevel.Initial, [.. new ClientHelloBuilder().Build(), 0x14]);
        error.Code.ShouldBe(Alert(UnexpectedMessage));
        error.Reason.ShouldBe(QuicTlsErrors.DataAfterKeyChange);
    }

    /// <summary>RFC 8446 §4.4.4: a client Finished with the wrong verify_data is decrypt_error; a wrong length decode_error.</summary>
    [TestMethod]
    [DataRow(false, DecryptError)]
    [DataRow(true, DecodeError)]
    public void BadClientFinished_IsRefused(bool wrongLength, byte alert)
    {
        var client = NewClient();
        var server = NewServer();
        client.Start();
        server.Receive(QuicEncryptionLevel.Initial, CryptoAt(Drain(client), QuicEncryptionLevel.Initial)).IsNone.ShouldBeTrue();
        var serverEvents = Drain(server);
        client.Receive(QuicEncryptionLevel.Initial, CryptoAt(serverEvents, QuicEncryptionLevel.Initial)).IsNone.ShouldBeTrue();
        client.Receive(QuicEncryptionLevel.Handshake, CryptoAt(serverEvents, QuicEncryptionLevel.Handshake)).IsNone.ShouldBeTrue();
        var finished = CryptoAt(Drain(client), QuicEncryptionLevel.Handshake);

        finished[^1] ^= 1;
        byte[] sent = wrongLength ? Message(20, finished[4..^1]) : finished;
        var error = server.Receive(QuicEncryptionLevel.Handshake, sent);
        error.Code.ShouldBe(Alert(alert));
        server.IsComplete.ShouldBeFalse();
    }
}
