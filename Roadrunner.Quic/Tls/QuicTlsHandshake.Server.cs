using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Quic.Tls;

/// <summary>The server side: ClientHello in; ServerHello or HelloRetryRequest, then the encrypted flight, out.</summary>
public sealed partial class QuicTlsHandshake
{
    private ushort _signatureScheme;
    private ushort _retryGroup;
    private CipherSuite _retrySuite;
    private byte[]? _expectedClientFinished;

    /// <summary>
    /// ClientHello (RFC 8446 §4.1.2):
    /// <code>
    /// uint16 legacy_version; opaque random[32]; opaque legacy_session_id&lt;0..32&gt;;
    /// CipherSuite cipher_suites&lt;2..2^16-2&gt;; opaque legacy_compression_methods&lt;1..2^8-1&gt;;
    /// Extension extensions&lt;8..2^16-1&gt;;
    /// </code>
    /// </summary>
    private QuicError HandleClientHello(ReadOnlySpan<byte> message, bool second)
    {
        var options = _serverOptions!;
        var reader = new TlsReader(message[4..]);
        if (!reader.TryReadUInt16(out _) || !reader.TryReadBytes(TlsConstants.RandomLength, out _) ||
            !reader.TryReadVector8(out var sessionId) || !reader.TryReadVector16(out var suites) ||
            !reader.TryReadVector8(out var compression))
        {
            return Malformed();
        }

        if (sessionId.Length > TlsConstants.MaxSessionIdLength || suites.IsEmpty || suites.Length % 2 != 0 || compression.IsEmpty)
        {
            return Malformed();
        }

        // RFC 9001 §8.4: "A client MUST NOT request the use of the TLS 1.3 compatibility mode. A server SHOULD treat
        // the receipt of a TLS ClientHello with a non-empty legacy_session_id field as a connection error of type
        // PROTOCOL_VIOLATION."
        if (!sessionId.IsEmpty)
        {
            return QuicError.Of(QuicTransportErrorCode.PROTOCOL_VIOLATION, QuicTlsErrors.SessionIdNotEmpty);
        }

        // RFC 8446 §4.1.2: "If a TLS 1.3 ClientHello is received with any other value in this field, the server MUST
        // abort the handshake with an "illegal_parameter" alert."
        if (compression.Length != 1 || compression[0] != 0)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CompressionMethods);
        }

        // A ClientHello without extensions is TLS 1.2 or older.
        if (reader.Remaining == 0)
        {
            return Alert(TlsAlert.ProtocolVersion, QuicTlsErrors.VersionNotTls13);
        }

        if (!reader.TryReadVector16(out var block) || reader.Remaining != 0)
        {
            return Malformed();
        }

        byte alert = TlsExtensions.Parse(block, default, restrict: false, out var extensions);
        if (alert != 0)
        {
            return Alert(alert, alert == TlsAlert.IllegalParameter ? QuicTlsErrors.ExtensionDuplicate : QuicTlsErrors.MessageMalformed);
        }

        // RFC 8446 §4.2.11: pre_shared_key "MUST be the last extension in the ClientHello".
        if (extensions.Has(TlsExtensionType.PreSharedKey) && extensions.LastType != TlsExtensionType.PreSharedKey)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.PreSharedKeyNotLast);
        }

        var error = CheckSupportedVersions(extensions);
        if (!error.IsNone)
        {
            return error;
        }

        // RFC 8446 §4.1.1: the server picks the suite; ours in order of preference.
        CipherSuite? suite = null;
        foreach (var candidate in options.CipherSuites)
        {
            if (ContainsUInt16(suites, (ushort)candidate))
            {
                suite = candidate;
                break;
            }
        }

        if (suite is null)
        {
            return Alert(TlsAlert.HandshakeFailure, QuicTlsErrors.NoCipherSuite);
        }

        // RFC 8446 §4.1.4: "Servers MUST ensure that they negotiate the same cipher suite when receiving a conformant
        // updated ClientHello".
        if (second && suite != _retrySuite)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.CipherSuiteChanged);
        }

        // RFC 9001 §8.2: "endpoints that receive ClientHello or EncryptedExtensions messages without the
        // quic_transport_parameters extension MUST close the connection with an error of type 0x016d".
        if (!extensions.Has(TlsExtensionType.QuicTransportParameters))
        {
            return Alert(TlsAlert.MissingExtension, QuicTlsErrors.TransportParametersMissing);
        }

        error = QuicTransportParametersCodec.TryDecode(extensions.QuicTransportParameters, QuicRole.Client, out var peerParameters);
        if (!error.IsNone)
        {
            return error;
        }

        error = SelectApplicationProtocol(extensions, options, out string? protocol);
        if (!error.IsNone)
        {
            return error;
        }

        error = ReadServerName(extensions, out string? serverName);
        if (!error.IsNone)
        {
            return error;
        }

        // RFC 8446 §9.2: a ClientHello for certificate authentication carries signature_algorithms.
        if (!extensions.Has(TlsExtensionType.SignatureAlgorithms))
        {
            return Alert(TlsAlert.MissingExtension, QuicTlsErrors.SignatureAlgorithmsMissing);
        }

        var schemesReader = new TlsReader(extensions.SignatureAlgorithms);
        if (!schemesReader.TryReadVector16(out var schemes) || schemesReader.Remaining != 0 || schemes.IsEmpty || schemes.Length % 2 != 0)
        {
            return Malformed();
        }

        if (!ContainsUInt16(schemes, _signatureScheme))
        {
            return Alert(TlsAlert.HandshakeFailure, QuicTlsErrors.NoSignatureScheme);
        }

        error = SelectKeyShare(extensions, second, out ushort group, out var clientKey, out bool retry);
        if (!error.IsNone)
        {
            return error;
        }

        _cipherSuite = suite;
        _applicationProtocol = protocol;
        _serverName = serverName;
        _peerParameters = peerParameters;
        if (retry)
        {
            SendHelloRetryRequest(message, sessionId, suite.Value, group);
            return default;
        }

        return SendServerFlight(message, sessionId, suite.Value, group, clientKey);
    }

    /// <summary>supported_versions (RFC 8446 §4.2.1): ProtocolVersion versions&lt;2..254&gt; must hold 0x0304.</summary>
    private static QuicError CheckSupportedVersions(in TlsExtensions extensions)
    {
        if (!extensions.Has(TlsExtensionType.SupportedVersions))
        {
            return Alert(TlsAlert.ProtocolVersion, QuicTlsErrors.VersionNotTls13);
        }

        var reader = new TlsReader(extensions.SupportedVersions);
        if (!reader.TryReadVector8(out var versions) || reader.Remaining != 0 || versions.IsEmpty || versions.Length % 2 != 0)
        {
            return Malformed();
        }

        return ContainsUInt16(versions, TlsConstants.Tls13) ? default : Alert(TlsAlert.ProtocolVersion, QuicTlsErrors.VersionNotTls13);
    }

    /// <summary>ALPN (RFC 7301 §3.2, RFC 9001 §8.1): the first of our protocols the client offers.</summary>
    private static QuicError SelectApplicationProtocol(in TlsExtensions extensions, QuicTlsServerOptions options, out string? protocol)
    {
        protocol = null;
        if (!extensions.Has(TlsExtensionType.ApplicationLayerProtocolNegotiation))
        {
            return Alert(TlsAlert.NoApplicationProtocol, QuicTlsErrors.ApplicationProtocolMissing);
        }

        var offered = new List<string>();
        if (!TryReadApplicationProtocols(extensions.ApplicationLayerProtocolNegotiation, offered))
        {
            return Malformed();
        }

        foreach (var ours in options.ApplicationProtocols)
        {
            if (offered.Contains(ours, StringComparer.Ordinal))
            {
                protocol = ours;
                return default;
            }
        }

        return Alert(TlsAlert.NoApplicationProtocol, QuicTlsErrors.ApplicationProtocolNoOverlap);
    }

    /// <summary>
    /// server_name (RFC 6066 §3): ServerName server_name_list&lt;1..2^16-1&gt;, each a NameType and, for host_name(0),
    /// opaque HostName&lt;1..2^16-1&gt; in ASCII. The first host_name is kept.
    /// </summary>
    private static QuicError ReadServerName(in TlsExtensions extensions, out string? serverName)
    {
        serverName = null;
        if (!extensions.Has(TlsExtensionType.ServerName))
        {
            return default;
        }

        var reader = new TlsReader(extensions.ServerName);
        if (!reader.TryReadVector16(out var list) || reader.Remaining != 0 || list.IsEmpty)
        {
            return Malformed();
        }

        var entries = new TlsReader(list);
        while (entries.Remaining > 0)
        {
            if (!entries.TryReadUInt8(out byte nameType) || !entries.TryReadVector16(out var name))
            {
                return Malformed();
            }

            if (nameType != 0 || serverName is not null)
            {
                continue;
            }

            if (name.IsEmpty)
            {
                return Malformed();
            }

            foreach (byte b in name)
            {
                if (b is <= 0x20 or >= 0x7f)
                {
                    return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.ServerNameInvalid);
                }
            }

            serverName = System.Text.Encoding.ASCII.GetString(name);
        }

        return default;
    }

    /// <summary>
    /// supported_groups and key_share (RFC 8446 §4.2.7, §4.2.8): takes the first client share of a group we speak; with
    /// none, asks for one of the client's supported groups in a HelloRetryRequest.
    /// </summary>
    private QuicError SelectKeyShare(in TlsExtensions extensions, bool second, out ushort group, out ReadOnlySpan<byte> clientKey, out bool retry)
    {
        group = 0;
        clientKey = default;
        retry = false;

        // RFC 8446 §9.2: "If containing a "supported_groups" extension, it MUST also contain a "key_share" extension,
        // and vice versa"; without either there is no (EC)DHE, which is all we do.
        if (!extensions.Has(TlsExtensionType.SupportedGroups) || !extensions.Has(TlsExtensionType.KeyShare))
        {
            return Alert(TlsAlert.MissingExtension, QuicTlsErrors.KeyShareMissing);
        }

        var groupsReader = new TlsReader(extensions.SupportedGroups);
        if (!groupsReader.TryReadVector16(out var groups) || groupsReader.Remaining != 0 || groups.IsEmpty || groups.Length % 2 != 0)
        {
            return Malformed();
        }

        var sharesReader = new TlsReader(extensions.KeyShare);
        if (!sharesReader.TryReadVector16(out var shares) || sharesReader.Remaining != 0)
        {
            return Malformed();
        }

        Span<ushort> seen = stackalloc ushort[16];
        int count = 0;
        var entries = new TlsReader(shares);
        while (entries.Remaining > 0)
        {
            if (!entries.TryReadUInt16(out ushort shareGroup) || !entries.TryReadVector16(out var key) || key.IsEmpty)
            {
                return Malformed();
            }

            // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group ... [or] for a
            // group not listed in the client's "supported_groups" extension. Servers MAY check for violations of these
            // rules and abort the handshake with an "illegal_parameter" alert".
            if (!ContainsUInt16(groups, shareGroup) || seen[..Math.Min(count, seen.Length)].Contains(shareGroup))
            {
                return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.KeyShareIllegal);
            }

            if (count < seen.Length)
            {
                seen[count] = shareGroup;
            }

            count++;
            if (group == 0 && TlsKeyShare.IsSupported(shareGroup))
            {
                group = shareGroup;
                clientKey = key;
            }
        }

        if (second)
        {
            // RFC 8446 §4.1.2: after a HelloRetryRequest the client sends "a single KeyShareEntry from the group
            // indicated in the HelloRetryRequest".
            return count == 1 && group == _retryGroup ? default : Alert(TlsAlert.IllegalParameter, QuicTlsErrors.SecondClientHelloKeyShare);
        }

        if (group != 0)
        {
            return default;
        }

        foreach (ushort ours in DefaultGroups)
        {
            if (ContainsUInt16(groups, ours))
            {
                group = ours;
                retry = true;
                return default;
            }
        }

        return Alert(TlsAlert.HandshakeFailure, QuicTlsErrors.NoGroup);
    }

    /// <summary>
    /// HelloRetryRequest (RFC 8446 §4.1.4): a ServerHello with the special random, asking for a share of
    /// <paramref name="group"/>. The transcript's ClientHello1 becomes a message_hash.
    /// </summary>
    private void SendHelloRetryRequest(ReadOnlySpan<byte> clientHello, ReadOnlySpan<byte> sessionId, CipherSuite suite, ushort group)
    {
        _transcript.Append(clientHello);
        _transcript.ReplaceWithMessageHash(suite.HashAlgorithm());

        var writer = new TlsWriter();
        var body = WriteServerHelloStart(writer, TlsConstants.HelloRetryRequestRandom, sessionId, suite);
        writer.WriteUInt16(TlsExtensionType.KeyShare);
        writer.WriteUInt16(2);
        writer.WriteUInt16(group);
        EndServerHello(writer, body);

        _transcript.Append(writer.Written);
        _events.Enqueue(new QuicTlsCryptoData(QuicEncryptionLevel.Initial, writer.ToArray()));
        _retryGroup = group;
        _retrySuite = suite;
        _state = State.ServerAwaitSecondClientHello;
    }

    /// <summary>
    /// ServerHello at Initial, then EncryptedExtensions, Certificate, CertificateVerify and Finished at Handshake
    /// (RFC 8446 §2, RFC 9001 §4.1.4), with the secrets of each level as they become available.
    /// </summary>
    private QuicError SendServerFlight(ReadOnlySpan<byte> clientHello, ReadOnlySpan<byte> sessionId, CipherSuite suite, ushort group, ReadOnlySpan<byte> clientKey)
    {
        var options = _serverOptions!;
        using var share = TlsKeyShare.Create(group, _random);
        var shared = share.TryComputeSharedSecret(clientKey);
        if (shared is null)
        {
            return Alert(TlsAlert.IllegalParameter, QuicTlsErrors.KeyShareIllegal);
        }

        // ServerHello (RFC 8446 §4.1.3) with supported_versions and key_share.
        Span<byte> random = stackalloc byte[TlsConstants.RandomLength];
        _random.GetBytes(random);
        var writer = new TlsWriter();
        var body = WriteServerHelloStart(writer, random, sessionId, suite);
        writer.WriteUInt16(TlsExtensionType.KeyShare);
        int keyShare = writer.StartVector(2);
        writer.WriteUInt16(group);
        writer.WriteVector16(share.PublicKey);
        writer.EndVector(keyShare, 2);
        EndServerHello(writer, body);

        _transcript.Append(clientHello);
        _transcript.Append(writer.Written);
        _events.Enqueue(new QuicTlsCryptoData(QuicEncryptionLevel.Initial, writer.ToArray()));

        _schedule = new TlsKeySchedule(suite);
        _schedule.SetSharedSecret(shared);
        CryptographicOperations.ZeroMemory(shared);
        (_clientHandshakeSecret, _serverHandshakeSecret) = _schedule.DeriveHandshakeTrafficSecrets(TranscriptHash());
        EmitSecrets(QuicEncryptionLevel.Handshake, _clientHandshakeSecret, _serverHandshakeSecret);

        // EncryptedExtensions (RFC 8446 §4.3.1): ALPN, quic_transport_parameters, and an empty server_name when the
        // client sent one (RFC 6066 §3).
        var flight = new TlsWriter();
        int start = flight.Length;
        int extensionsBody = flight.StartMessage(TlsHandshakeType.EncryptedExtensions);
        int block = flight.StartVector(2);
        if (_serverName is not null)
        {
            flight.WriteUInt16(TlsExtensionType.ServerName);
            flight.WriteUInt16(0);
        }

        WriteApplicationProtocols(flight, [_applicationProtocol!]);
        flight.WriteUInt16(TlsExtensionType.QuicTransportParameters);
        flight.WriteVector16(_localParameters);
        flight.EndVector(block, 2);
        flight.EndVector(extensionsBody, 3);
        _transcript.Append(flight.Written[start..]);

        // Certificate (RFC 8446 §4.4.2): empty request context, each entry with empty extensions.
        start = flight.Length;
        int certificateBody = flight.StartMessage(TlsHandshakeType.Certificate);
        flight.WriteUInt8(0);
        int list = flight.StartVector(3);
        WriteCertificateEntry(flight, options.Certificate.RawData);
        foreach (var intermediate in options.CertificateChain)
        {
            WriteCertificateEntry(flight, intermediate.RawData);
        }

        flight.EndVector(list, 3);
        flight.EndVector(certificateBody, 3);
        _transcript.Append(flight.Written[start..]);

        // CertificateVerify (RFC 8446 §4.4.3) over Transcript-Hash(ClientHello ... Certificate).
        start = flight.Length;
        var signature = TlsSignature.Sign(options.Certificate, _signatureScheme, TlsSignature.ServerContent(TranscriptHash()));
        int verifyBody = flight.StartMessage(TlsHandshakeType.CertificateVerify);
        flight.WriteUInt16(_signatureScheme);
        flight.WriteVector16(signature);
        flight.EndVector(verifyBody, 3);
        _transcript.Append(flight.Written[start..]);

        // Finished (RFC 8446 §4.4.4) with the server handshake traffic secret.
        start = flight.Length;
        Span<byte> verifyData = stackalloc byte[_schedule.HashLength];
        _schedule.ComputeFinished(_serverHandshakeSecret, TranscriptHash(), verifyData);
        int finishedBody = flight.StartMessage(TlsHandshakeType.Finished);
        flight.WriteBytes(verifyData);
        flight.EndVector(finishedBody, 3);
        _transcript.Append(flight.Written[start..]);
        _events.Enqueue(new QuicTlsCryptoData(QuicEncryptionLevel.Handshake, flight.ToArray()));

        // RFC 9001 §4.1.4 / RFC 8446 §7.1: the application secrets hang on ClientHello ... server Finished, as does the
        // client's Finished, so both are known now.
        var transcriptHash = TranscriptHash();
        _schedule.DeriveMasterSecret();
        var (clientApplication, serverApplication) = _schedule.DeriveApplicationTrafficSecrets(transcriptHash);
        _expectedClientFinished = new byte[_schedule.HashLength];
        _schedule.ComputeFinished(_clientHandshakeSecret, transcriptHash, _expectedClientFinished);
        EmitSecrets(QuicEncryptionLevel.Application, clientApplication, serverApplication);
        CryptographicOperations.ZeroMemory(clientApplication);
        CryptographicOperations.ZeroMemory(serverApplication);
        ZeroAndForget(ref _clientHandshakeSecret);
        ZeroAndForget(ref _serverHandshakeSecret);
        _state = State.ServerAwaitClientFinished;
        return default;
    }

    /// <summary>The client's Finished (RFC 8446 §4.4.4): verify_data must be the HMAC computed after our Finished.</summary>
    private QuicError HandleClientFinished(ReadOnlySpan<byte> message)
    {
        var verifyData = message[4..];
        if (verifyData.Length != _expectedClientFinished!.Length)
        {
            return Malformed();
        }

        if (!CryptographicOperations.FixedTimeEquals(verifyData, _expectedClientFinished))
        {
            return Alert(TlsAlert.DecryptError, QuicTlsErrors.FinishedInvalid);
        }

        _transcript.Append(message);
        ZeroAndForget(ref _expectedClientFinished);
        _state = State.Complete;
        _events.Enqueue(new QuicTlsHandshakeComplete());
        return default;
    }

    /// <summary>Writes the fields of a ServerHello up to its extensions, and supported_versions; returns the body mark.</summary>
    private static (int Body, int Block) WriteServerHelloStart(TlsWriter writer, ReadOnlySpan<byte> random, ReadOnlySpan<byte> sessionId, CipherSuite suite)
    {
        int body = writer.StartMessage(TlsHandshakeType.ServerHello);
        writer.WriteUInt16(TlsConstants.LegacyVersion);
        writer.WriteBytes(random);

        // RFC 8446 §4.1.3: legacy_session_id_echo is "the contents of the client's legacy_session_id field".
        writer.WriteVector8(sessionId);
        writer.WriteUInt16((ushort)suite);
        writer.WriteUInt8(0);
        int block = writer.StartVector(2);
        writer.WriteUInt16(TlsExtensionType.SupportedVersions);
        writer.WriteUInt16(2);
        writer.WriteUInt16(TlsConstants.Tls13);
        return (body, block);
    }

    private static void EndServerHello(TlsWriter writer, (int Body, int Block) marks)
    {
        writer.EndVector(marks.Block, 2);
        writer.EndVector(marks.Body, 3);
    }

    private static void WriteCertificateEntry(TlsWriter writer, byte[] certificate)
    {
        int data = writer.StartVector(3);
        writer.WriteBytes(certificate);
        writer.EndVector(data, 3);
        writer.WriteUInt16(0);
    }

    private static bool ContainsUInt16(ReadOnlySpan<byte> list, ushort value)
    {
        for (int i = 0; i + 1 < list.Length; i += 2)
        {
            if (((list[i] << 8) | list[i + 1]) == value)
            {
                return true;
            }
        }

        return false;
    }
}
