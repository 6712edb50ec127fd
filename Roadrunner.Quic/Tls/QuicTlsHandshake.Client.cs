using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Quic.Tls;

/// <summary>The client side: ClientHello out; ServerHello or HelloRetryRequest, then the server's flight, in.</summary>
public sealed partial class QuicTlsHandshake
{
    private ushort[] _offeredGroups = [];
    private ushort[] _keyShareGroups = [];
    private readonly List<TlsKeyShare> _keyShares = [];
    private readonly List<X509Certificate2> _peerCertificates = [];
    private byte[]? _clientRandom;
    private byte[]? _cookie;
    private bool _retried;

    /// <summary>Client only: queues the ClientHello as Initial CRYPTO data. Throws if called twice or on a server.</summary>
    /// <exception cref="InvalidOperationException">On a server, or when already started.</exception>
    public void Start()
    {
        if (_role != QuicRole.Client || _state != State.ClientIdle)
        {
            throw new InvalidOperationException("Only a client that has not started can start.");
        }

        _clientRandom = new byte[TlsConstants.RandomLength];
        _random.GetBytes(_clientRandom);
        foreach (ushort group in _keyShareGroups)
        {
            _keyShares.Add(TlsKeyShare.Create(group, _random));
        }

        SendClientHello();
        _state = State.ClientAwaitServerHello;
    }

    /// <summary>
    /// ClientHello (RFC 8446 §4.1.2), with an empty legacy_session_id (RFC 9001 §8.4: no middlebox compatibility mode)
    /// and the extensions RFC 9001 §8 needs.
    /// </summary>
    private void SendClientHello()
    {
        var options = _clientOptions!;
        var writer = new TlsWriter();
        int body = writer.StartMessage(TlsHandshakeType.ClientHello);
        writer.WriteUInt16(TlsConstants.LegacyVersion);
        writer.WriteBytes(_clientRandom);
        writer.WriteUInt8(0);
        int suites = writer.StartVector(2);
        foreach (var suite in options.CipherSuites)
        {
            writer.WriteUInt16((ushort)suite);
        }

        writer.EndVector(suites, 2);
        writer.WriteUInt8(1);
        writer.WriteUInt8(0);

        int block = writer.StartVector(2);
        if (options.ServerName is not null)
        {
            writer.WriteUInt16(TlsExtensionType.ServerName);
            int extension = writer.StartVector(2);
            int list = writer.StartVector(2);
            writer.WriteUInt8(0);
            writer.WriteVector16(System.Text.Encoding.ASCII.GetBytes(options.ServerName));
            writer.EndVector(list, 2);
            writer.EndVector(extension, 2);
        }

        writer.WriteUInt16(TlsExtensionType.SupportedVersions);
        writer.WriteUInt16(3);
        writer.WriteUInt8(2);
        writer.WriteUInt16(TlsConstants.Tls13);

        writer.WriteUInt16(TlsExtensionType.SupportedGroups);
        WriteUInt16List(writer, _offeredGroups);

        writer.WriteUInt16(TlsExtensionType.SignatureAlgorithms);
        WriteUInt16List(writer, [TlsConstants.EcdsaSecp256r1Sha256, TlsConstants.RsaPssRsaeSha256]);

        WriteApplicationProtocols(writer, options.ApplicationProtocols);

        writer.WriteUInt16(TlsExtensionType.KeyShare);
        int keyShare = writer.StartVector(2);
        int shares = writer.StartVector(2);
        foreach (var share in _keyShares)
        {
            writer.WriteUInt16(share.Group);
            writer.WriteVector16(share.PublicKey);
        }

        writer.EndVector(shares, 2);
        writer.EndVector(keyShare, 2);

        if (_cookie is not null)
        {
            // RFC 8446 §4.2.2: the cookie of a HelloRetryRequest is echoed in the second ClientHello.
            writer.WriteUInt16(TlsExtensionType.Cookie);
            int cookie = writer.StartVector(2);
            writer.WriteVector16(_cookie);
            writer.EndVector(cookie, 2);
        }

        writer.WriteUInt16(TlsExtensionType.QuicTransportParameters);
        writer.WriteVector16(_localParameters);
        writer.EndVector(block, 2);
        writer.EndVector(body, 3);

        _transcript.Append(writer.Written);
        _events.Enqueue(new QuicTlsCryptoData(QuicEncryptionLevel.Initial, writer.ToArray()));
    }

    /// <summary>
    /// ServerHello or HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4):
    /// <code>
    /// uint16 legacy_version; opaque random[32]; opaque legacy_session_id_echo&lt;0..32&gt;;
    /// CipherSuite cipher_suite; uint8 legacy_compression_method; Extension extensions&lt;6..2^16-1&gt;;
    /// </code>
    /// </summary>
    private QuicError HandleServerHello(ReadOnlySpan<byte> message)
    {
        var reader = new TlsReader(message[4..]);
        if (!reader.TryReadUInt16(out ushort legacyVersion) || !reader.TryReadBytes(TlsConstants.RandomLength, out var random) ||
            !reader.TryReadVector8(out var sessionIdEcho) || !reader.TryReadUInt16(out ushort suiteValue) ||
            !reader.TryReadUInt8(out byte compression))
        {
            return Malformed();
        }

        if (reader.Remaining == 0 || legacyVersion != TlsConstants.LegacyVersion)
        {
            return Alert(TlsAlert.ProtocolVersion, QuicTlsErrors.VersionNotTls13);
        }

        if (!reader.TryReadVector16(out var block) || reader.Remaining != 0 || sessionIdEcho.Length > TlsConstants.MaxSessionIdLength)
        {
            return Malformed();
        }

        bool retry = random.SequenceEqual(TlsConstants.HelloRetryRequestRandom);
        ReadOnlySpan<ushort> allowed = retry
            ? [TlsExtensionType.SupportedVersions, TlsExtensionType.KeyShare, TlsExtensionType.Cookie]
            : [TlsExtensionType.SupportedVersions, TlsExtensionType.KeyShare];
        var error = ParseResponseExtensions(block, allowed, out var extensions);
        if (!error.IsNone)
        {
            return error;
        }

        // RFC 8446 §4.2.1: without supported_versions the server negotiated TLS 1.2 or older; with it, the version
        // "MUST" be one the client offered, else illegal_parameter.
        if (!extensions.Has(TlsExtensionType.SupportedVersions))
        {
            return Alert(TlsAlert.ProtocolVersion, QuicTlsErrors.VersionNotTls13);
        }

        if (extensions.SupportedVersions.Length != 2)
        {
            return Malformed();
        }

        if (((extensions.SupportedVersions[0] << 8) | extensions.SupportedVersions[1]) != TlsConstants.Tls13)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.VersionNotOffered);
        }

        // RFC 8446 §4.1.3: "A client which receives a legacy_session_id_echo field that does not match what it sent in
        // the ClientHello MUST abort the handshake with an "illegal_parameter" alert."
        if (!sessionIdEcho.IsEmpty)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.SessionIdMismatch);
        }

        if (compression != 0)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CompressionMethods);
        }

        var suite = (CipherSuite)suiteValue;
        if (!_clientOptions!.CipherSuites.Contains(suite))
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CipherSuiteNotOffered);
        }

        if (_retried && suite != _retrySuite)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CipherSuiteChanged);
        }

        return retry ? HandleHelloRetryRequest(message, suite, extensions) : HandleRealServerHello(message, suite, extensions);
    }

    private QuicError HandleHelloRetryRequest(ReadOnlySpan<byte> message, CipherSuite suite, in TlsExtensions extensions)
    {
        // RFC 8446 §4.1.4: "If a client receives a second HelloRetryRequest in the same connection ... it MUST abort
        // the handshake with an "unexpected_message" alert."
        if (_retried)
        {
            return Alert(TlsAlert.UnexpectedMessage, QuicTlsErrors.HelloRetryRequestRepeated);
        }

        ushort group = 0;
        if (extensions.Has(TlsExtensionType.KeyShare))
        {
            if (extensions.KeyShare.Length != 2)
            {
                return Malformed();
            }

            // RFC 8446 §4.2.8: the selected group must be in supported_groups and not one a share was already sent for.
            group = (ushort)((extensions.KeyShare[0] << 8) | extensions.KeyShare[1]);
            if (!_offeredGroups.Contains(group) || !TlsKeyShare.IsSupported(group) || _keyShares.Exists(s => s.Group == group))
            {
                return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.HelloRetryRequestIllegal);
            }
        }

        if (extensions.Has(TlsExtensionType.Cookie))
        {
            var cookieReader = new TlsReader(extensions.Cookie);
            if (!cookieReader.TryReadVector16(out var cookie) || cookieReader.Remaining != 0 || cookie.IsEmpty)
            {
                return Malformed();
            }

            _cookie = cookie.ToArray();
        }

        // RFC 8446 §4.1.4: a HelloRetryRequest that "would not result in any change in the ClientHello" is illegal.
        if (group == 0 && _cookie is null)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.HelloRetryRequestIllegal);
        }

        _retried = true;
        _retrySuite = suite;
        _transcript.ReplaceWithMessageHash(suite.HashAlgorithm());
        _transcript.Append(message);
        if (group != 0)
        {
            DisposeKeyShares();
            _keyShares.Add(TlsKeyShare.Create(group, _random));
        }

        SendClientHello();
        return default;
    }

    private QuicError HandleRealServerHello(ReadOnlySpan<byte> message, CipherSuite suite, in TlsExtensions extensions)
    {
        // RFC 8446 §4.2.8: KeyShareServerHello holds one KeyShareEntry, for a group the client sent a share of.
        if (!extensions.Has(TlsExtensionType.KeyShare))
        {
            return Alert(TlsAlert.MissingExtension, QuicTlsErrors.KeyShareMissing);
        }

        var reader = new TlsReader(extensions.KeyShare);
        if (!reader.TryReadUInt16(out ushort group) || !reader.TryReadVector16(out var serverKey) || reader.Remaining != 0)
        {
            return Malformed();
        }

        var share = _keyShares.Find(s => s.Group == group);
        var shared = share?.TryComputeSharedSecret(serverKey);
        if (shared is null)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.KeyShareIllegal);
        }

        DisposeKeyShares();
        _cipherSuite = suite;
        _transcript.Append(message);
        _schedule = new TlsKeySchedule(suite);
        _schedule.SetSharedSecret(shared);
        CryptographicOperations.ZeroMemory(shared);
        (_clientHandshakeSecret, _serverHandshakeSecret) = _schedule.DeriveHandshakeTrafficSecrets(TranscriptHash());
        EmitSecrets(QuicEncryptionLevel.Handshake, _serverHandshakeSecret, _clientHandshakeSecret);
        _state = State.ClientAwaitEncryptedExtensions;
        return default;
    }

    /// <summary>EncryptedExtensions (RFC 8446 §4.3.1): ALPN and quic_transport_parameters are required.</summary>
    private QuicError HandleEncryptedExtensions(ReadOnlySpan<byte> message)
    {
        var reader = new TlsReader(message[4..]);
        if (!reader.TryReadVector16(out var block) || reader.Remaining != 0)
        {
            return Malformed();
        }

        var error = ParseResponseExtensions(
            block,
            [TlsExtensionType.ServerName, TlsExtensionType.SupportedGroups, TlsExtensionType.ApplicationLayerProtocolNegotiation, TlsExtensionType.QuicTransportParameters],
            out var extensions);
        if (!error.IsNone)
        {
            return error;
        }

        // RFC 6066 §3: the server acknowledges a server_name with an empty extension, and only if one was sent.
        if (extensions.Has(TlsExtensionType.ServerName))
        {
            if (_clientOptions!.ServerName is null)
            {
                return Alert(TlsAlert.UnsupportedExtension, QuicTlsErrors.ExtensionUnsolicited);
            }

            if (!extensions.ServerName.IsEmpty)
            {
                return Malformed();
            }
        }

        // RFC 9001 §8.1: "endpoints MUST immediately close a connection ... with a no_application_protocol TLS alert if
        // an application protocol is not negotiated".
        if (!extensions.Has(TlsExtensionType.ApplicationLayerProtocolNegotiation))
        {
            return Alert(TlsAlert.NoApplicationProtocol, QuicTlsErrors.ApplicationProtocolMissing);
        }

        // RFC 7301 §3.1: the server's "ProtocolNameList" MUST contain exactly one "ProtocolName".
        var selected = new List<string>(1);
        if (!TryReadApplicationProtocols(extensions.ApplicationLayerProtocolNegotiation, selected) || selected.Count != 1)
        {
            return Malformed();
        }

        if (!_clientOptions!.ApplicationProtocols.Contains(selected[0], StringComparer.Ordinal))
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.ApplicationProtocolNotOffered);
        }

        if (!extensions.Has(TlsExtensionType.QuicTransportParameters))
        {
            return Alert(TlsAlert.MissingExtension, QuicTlsErrors.TransportParametersMissing);
        }

        error = QuicTransportParametersCodec.TryDecode(extensions.QuicTransportParameters, QuicRole.Server, out var peerParameters);
        if (!error.IsNone)
        {
            return error;
        }

        _applicationProtocol = selected[0];
        _peerParameters = peerParameters;
        _transcript.Append(message);
        _state = State.ClientAwaitCertificate;
        return default;
    }

    /// <summary>
    /// Certificate (RFC 8446 §4.4.2):
    /// <code>
    /// opaque certificate_request_context&lt;0..2^8-1&gt;; CertificateEntry certificate_list&lt;0..2^24-1&gt;;
    /// CertificateEntry: opaque cert_data&lt;1..2^24-1&gt;; Extension extensions&lt;0..2^16-1&gt;;
    /// </code>
    /// </summary>
    private QuicError HandleCertificate(ReadOnlySpan<byte> message)
    {
        var reader = new TlsReader(message[4..]);
        if (!reader.TryReadVector8(out var context) || !reader.TryReadVector24(out var list) || reader.Remaining != 0)
        {
            return Malformed();
        }

        // RFC 8446 §4.4.2: in the server's authentication the context is zero length.
        if (!context.IsEmpty)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CertificateContextNotEmpty);
        }

        if (list.IsEmpty)
        {
            return Alert(TlsAlert.DecodeError, QuicTlsErrors.CertificateEmpty);
        }

        var entries = new TlsReader(list);
        while (entries.Remaining > 0)
        {
            if (!entries.TryReadVector24(out var data) || !entries.TryReadVector16(out _) || data.IsEmpty)
            {
                DisposePeerCertificates();
                return Malformed();
            }

            var certificate = TryLoadCertificate(data);
            if (certificate is null)
            {
                DisposePeerCertificates();
                return Alert(TlsAlert.BadCertificate, QuicTlsErrors.CertificateUnreadable);
            }

            _peerCertificates.Add(certificate);
        }

        _transcript.Append(message);
        _state = State.ClientAwaitCertificateVerify;
        return default;
    }

    /// <summary>
    /// CertificateVerify (RFC 8446 §4.4.3): <c>SignatureScheme algorithm; opaque signature&lt;0..2^16-1&gt;;</c>, checked
    /// against the leaf's public key; then the chain goes to the validation callback.
    /// </summary>
    private QuicError HandleCertificateVerify(ReadOnlySpan<byte> message)
    {
        var reader = new TlsReader(message[4..]);
        if (!reader.TryReadUInt16(out ushort scheme) || !reader.TryReadVector16(out var signature) || reader.Remaining != 0)
        {
            return Malformed();
        }

        // RFC 8446 §4.4.3: the algorithm "MUST be one offered in the client's "signature_algorithms" extension".
        if (scheme is not (TlsConstants.EcdsaSecp256r1Sha256 or TlsConstants.RsaPssRsaeSha256))
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.SignatureSchemeNotOffered);
        }

        var content = TlsSignature.ServerContent(TranscriptHash());
        if (!TlsSignature.Verify(_peerCertificates[0], scheme, content, signature))
        {
            return Alert(TlsAlert.DecryptError, QuicTlsErrors.SignatureInvalid);
        }

        var validate = _clientOptions!.ValidateCertificate;
        if (validate is not null && !validate(_peerCertificates))
        {
            return Alert(TlsAlert.BadCertificate, QuicTlsErrors.CertificateRejected);
        }

        _transcript.Append(message);
        _state = State.ClientAwaitServerFinished;
        return default;
    }

    /// <summary>
    /// The server's Finished (RFC 8446 §4.4.4); then the client's own Finished at Handshake, the application secrets
    /// and completion (RFC 9001 §4.1.1).
    /// </summary>
    private QuicError HandleServerFinished(ReadOnlySpan<byte> message)
    {
        var schedule = _schedule!;
        var verifyData = message[4..];
        if (verifyData.Length != schedule.HashLength)
        {
            return Malformed();
        }

        Span<byte> expected = stackalloc byte[schedule.HashLength];
        schedule.ComputeFinished(_serverHandshakeSecret, TranscriptHash(), expected);
        bool valid = CryptographicOperations.FixedTimeEquals(verifyData, expected);
        CryptographicOperations.ZeroMemory(expected);
        if (!valid)
        {
            return Alert(TlsAlert.DecryptError, QuicTlsErrors.FinishedInvalid);
        }

        _transcript.Append(message);
        var transcriptHash = TranscriptHash();
        schedule.DeriveMasterSecret();
        var (clientApplication, serverApplication) = schedule.DeriveApplicationTrafficSecrets(transcriptHash);

        var writer = new TlsWriter();
        int body = writer.StartMessage(TlsHandshakeType.Finished);
        Span<byte> clientVerifyData = stackalloc byte[schedule.HashLength];
        schedule.ComputeFinished(_clientHandshakeSecret, transcriptHash, clientVerifyData);
        writer.WriteBytes(clientVerifyData);
        writer.EndVector(body, 3);
        _transcript.Append(writer.Written);

        _events.Enqueue(new QuicTlsCryptoData(QuicEncryptionLevel.Handshake, writer.ToArray()));
        EmitSecrets(QuicEncryptionLevel.Application, serverApplication, clientApplication);
        CryptographicOperations.ZeroMemory(clientApplication);
        CryptographicOperations.ZeroMemory(serverApplication);
        ZeroAndForget(ref _clientHandshakeSecret);
        ZeroAndForget(ref _serverHandshakeSecret);
        _state = State.Complete;
        _events.Enqueue(new QuicTlsHandshakeComplete());
        return default;
    }

    /// <summary>Splits the extensions of a server message, mapping the parser's alert to its reason.</summary>
    private static QuicError ParseResponseExtensions(ReadOnlySpan<byte> block, ReadOnlySpan<ushort> allowed, out TlsExtensions extensions)
    {
        byte alert = TlsExtensions.Parse(block, allowed, restrict: true, out extensions);
        return alert switch
        {
            0 => default,
            TlsAlert.IllegalParameter => Alert(alert, QuicTlsErrors.ExtensionDuplicate),
            TlsAlert.UnsupportedExtension => Alert(alert, QuicTlsErrors.ExtensionUnsolicited),
            _ => Malformed(),
        };
    }

    private static void WriteUInt16List(TlsWriter writer, ReadOnlySpan<ushort> values)
    {
        int extension = writer.StartVector(2);
        int list = writer.StartVector(2);
        foreach (ushort value in values)
        {
            writer.WriteUInt16(value);
        }

        writer.EndVector(list, 2);
        writer.EndVector(extension, 2);
    }

    private void DisposeKeyShares()
    {
        foreach (var share in _keyShares)
        {
            share.Dispose();
        }

        _keyShares.Clear();
    }

    private void DisposePeerCertificates()
    {
        foreach (var certificate in _peerCertificates)
        {
            certificate.Dispose();
        }

        _peerCertificates.Clear();
    }
}
