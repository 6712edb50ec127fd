using System.Buffers.Binary;
using Roadrunner.Quic.Buffers;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.TransportParameters;

/// <summary>
/// Encodes and decodes the quic_transport_parameters TLS extension body (RFC 9000 §18, RFC 9001 §8.2):
/// <code>
/// Transport Parameters { Transport Parameter (..) ... }
/// Transport Parameter { Transport Parameter ID (i), Transport Parameter Length (i), Transport Parameter Value (..) }
/// </code>
/// Decoding validates every rule of §7.3, §7.4 and §18.2 and answers a TRANSPORT_PARAMETER_ERROR value when one is
/// broken; it never throws on wire bytes. It allocates only the returned record: values are held inline.
/// </summary>
public static class QuicTransportParametersCodec
{
    private const int PreferredAddressFixedLength = 4 + 2 + 16 + 2 + 1 + QuicStatelessResetToken.Length;

    /// <summary>
    /// Decodes the parameters a peer of role <paramref name="sender"/> sent. Unknown identifiers, reserved ones
    /// (31 * N + 27) included, are ignored (§7.4.2: "An endpoint MUST ignore transport parameters that it does not support").
    /// </summary>
    /// <param name="source">The extension body.</param>
    /// <param name="sender">The role of the endpoint that sent them: a client may not send the server-only parameters.</param>
    /// <param name="parameters">The parameters when the result is no error; null otherwise.</param>
    /// <returns>No error, or a TRANSPORT_PARAMETER_ERROR.</returns>
    public static QuicError TryDecode(ReadOnlySpan<byte> source, QuicRole sender, out QuicTransportParameters? parameters)
    {
        parameters = null;
        var reader = new QuicSpanReader(source);
        var result = new Values();
        uint seen = 0;
        while (reader.Remaining > 0)
        {
            if (!reader.TryReadVarint(out ulong id) || !reader.TryReadVarintPrefixed(out var value)) return QuicError.TransportParameter(QuicErrors.TransportParametersMalformed);
            if (id > (ulong)QuicTransportParameterId.retry_source_connection_id) continue;

            // §7.4: "An endpoint MUST NOT send a parameter more than once in a given transport parameters extension. An
            // endpoint SHOULD treat receipt of duplicate transport parameters as a connection error of type TRANSPORT_PARAMETER_ERROR."
            uint bit = 1u << (int)id;
            if ((seen & bit) != 0) return QuicError.TransportParameter(QuicErrors.TransportParameterDuplicate);
            seen |= bit;

            var error = Apply(ref result, (QuicTransportParameterId)id, value, sender);
            if (!error.IsNone) return error;
        }

        // §7.3: "An endpoint MUST treat the absence of the initial_source_connection_id transport parameter from either
        // endpoint or the absence of the original_destination_connection_id transport parameter from the server as a
        // connection error of type TRANSPORT_PARAMETER_ERROR."
        if (result.InitialSourceConnectionId is null) return QuicError.TransportParameter(QuicErrors.TransportParameterInitialSourceMissing);
        if (sender == QuicRole.Server && result.OriginalDestinationConnectionId is null) return QuicError.TransportParameter(QuicErrors.TransportParameterOriginalDestinationMissing);

        parameters = result.ToParameters();
        return default;
    }

    private static QuicError Apply(ref Values p, QuicTransportParameterId id, ReadOnlySpan<byte> value, QuicRole sender)
    {
        // §18.2: "A client MUST NOT include any server-only transport parameter: original_destination_connection_id,
        // preferred_address, retry_source_connection_id, or stateless_reset_token. A server MUST treat receipt of any of
        // these transport parameters as a connection error of type TRANSPORT_PARAMETER_ERROR."
        if (sender == QuicRole.Client && id is QuicTransportParameterId.original_destination_connection_id or QuicTransportParameterId.preferred_address
            or QuicTransportParameterId.retry_source_connection_id or QuicTransportParameterId.stateless_reset_token)
        {
            return QuicError.TransportParameter(QuicErrors.TransportParameterServerOnly);
        }

        switch (id)
        {
            case QuicTransportParameterId.original_destination_connection_id:
                if (!TryConnectionId(value, out var odcid)) return Malformed();
                p.OriginalDestinationConnectionId = odcid;
                return default;
            case QuicTransportParameterId.initial_source_connection_id:
                if (!TryConnectionId(value, out var iscid)) return Malformed();
                p.InitialSourceConnectionId = iscid;
                return default;
            case QuicTransportParameterId.retry_source_connection_id:
                if (!TryConnectionId(value, out var rscid)) return Malformed();
                p.RetrySourceConnectionId = rscid;
                return default;
            case QuicTransportParameterId.stateless_reset_token:
                // §18.2: "This parameter is a sequence of 16 bytes."
                if (value.Length != QuicStatelessResetToken.Length) return QuicError.TransportParameter(QuicErrors.TransportParameterStatelessResetTokenLength);
                p.StatelessResetToken = new QuicStatelessResetToken(value);
                return default;
            case QuicTransportParameterId.disable_active_migration:
                // §18.2: "This parameter is a zero-length value."
                if (!value.IsEmpty) return Malformed();
                p.DisableActiveMigration = true;
                return default;
            case QuicTransportParameterId.preferred_address:
                return ApplyPreferredAddress(ref p, value);
        }

        // The rest hold one variable-length integer filling the whole value.
        if (!Varint.TryRead(value, out ulong v, out int length) || length != value.Length) return Malformed();
        switch (id)
        {
            case QuicTransportParameterId.max_idle_timeout:
                p.MaxIdleTimeout = v;
                break;
            case QuicTransportParameterId.max_udp_payload_size:
                // §18.2: "Values below 1200 are invalid."
                if (v < QuicTransportParameters.MinUdpPayloadSize) return QuicError.TransportParameter(QuicErrors.TransportParameterMaxUdpPayloadSizeTooSmall);
                p.MaxUdpPayloadSize = v;
                break;
            case QuicTransportParameterId.initial_max_data:
                p.InitialMaxData = v;
                break;
            case QuicTransportParameterId.initial_max_stream_data_bidi_local:
                p.InitialMaxStreamDataBidiLocal = v;
                break;
            case QuicTransportParameterId.initial_max_stream_data_bidi_remote:
                p.InitialMaxStreamDataBidiRemote = v;
                break;
            case QuicTransportParameterId.initial_max_stream_data_uni:
                p.InitialMaxStreamDataUni = v;
                break;
            case QuicTransportParameterId.initial_max_streams_bidi:
            case QuicTransportParameterId.initial_max_streams_uni:
                // §4.6: "If a max_streams transport parameter ... is received with a value greater than 2^60 ... the
                // connection MUST be closed immediately with a connection error of type TRANSPORT_PARAMETER_ERROR".
                if (v > QuicTransportParameters.MaxStreams) return QuicError.TransportParameter(QuicErrors.TransportParameterMaxStreamsTooLarge);
                if (id == QuicTransportParameterId.initial_max_streams_bidi) p.InitialMaxStreamsBidi = v;
                else p.InitialMaxStreamsUni = v;
                break;
            case QuicTransportParameterId.ack_delay_exponent:
                // §18.2: "Values above 20 are invalid."
                if (v > QuicTransportParameters.MaxAckDelayExponent) return QuicError.TransportParameter(QuicErrors.TransportParameterAckDelayExponentTooLarge);
                p.AckDelayExponent = v;
                break;
            case QuicTransportParameterId.max_ack_delay:
                // §18.2: "Values of 2^14 or greater are invalid."
                if (v >= QuicTransportParameters.MaxAckDelayLimit) return QuicError.TransportParameter(QuicErrors.TransportParameterMaxAckDelayTooLarge);
                p.MaxAckDelay = v;
                break;
            default:
                // §18.2: "The value of the active_connection_id_limit parameter MUST be at least 2. An endpoint that
                // receives a value less than 2 MUST close the connection with an error of type TRANSPORT_PARAMETER_ERROR."
                if (v < 2) return QuicError.TransportParameter(QuicErrors.TransportParameterActiveConnectionIdLimitTooSmall);
                p.ActiveConnectionIdLimit = v;
                break;
        }

        return default;
    }

    private static QuicError ApplyPreferredAddress(ref Values p, ReadOnlySpan<byte> value)
    {
        var reader = new QuicSpanReader(value);
        if (!reader.TryReadUInt32(out uint ipv4) || !reader.TryReadUInt16(out ushort ipv4Port) || !reader.TryReadBytes(16, out var ipv6)
            || !reader.TryReadUInt16(out ushort ipv6Port) || !reader.TryReadLengthPrefixed8(out var cid)
            || !reader.TryReadBytes(QuicStatelessResetToken.Length, out var token) || reader.Remaining != 0)
        {
            return Malformed();
        }

        // §18.2: "A server MUST NOT include a zero-length connection ID in this transport parameter. A client MUST treat
        // a violation of these requirements as a connection error of type TRANSPORT_PARAMETER_ERROR."
        if (cid.Length is < 1 or > QuicConnectionId.MaxLength) return QuicError.TransportParameter(QuicErrors.TransportParameterPreferredAddressConnectionId);

        var address = new QuicPreferredAddress(ipv4, ipv4Port, BinaryPrimitives.ReadUInt128BigEndian(ipv6), ipv6Port, new QuicConnectionId(cid), new QuicStatelessResetToken(token));
        p.PreferredAddress = address;
        return default;
    }

    // §18.2: connection ID values are 0 to 20 bytes (§17.2).
    private static bool TryConnectionId(ReadOnlySpan<byte> value, out QuicConnectionId connectionId)
    {
        connectionId = value.Length <= QuicConnectionId.MaxLength ? new QuicConnectionId(value) : default;
        return value.Length <= QuicConnectionId.MaxLength;
    }

    private static QuicError Malformed() => QuicError.TransportParameter(QuicErrors.TransportParametersMalformed);

    /// <summary>The size of the encoding of <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">A value the RFC forbids (see <see cref="TryEncode"/>).</exception>
    public static int GetEncodedLength(QuicTransportParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Validate(parameters);
        var sink = new Sink(default, measureOnly: true);
        Encode(parameters, ref sink);
        return sink.Position;
    }

    /// <summary>
    /// Encodes <paramref name="parameters"/>, leaving out values equal to their defaults (§18.2: absent parameters take
    /// the default). Returns false, writing nothing, when <paramref name="destination"/> is too small.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A value the RFC forbids: max_udp_payload_size below 1200, ack_delay_exponent above 20, max_ack_delay of 2^14 or
    /// more, active_connection_id_limit below 2, stream counts above 2^60, a preferred address with an empty connection ID.
    /// </exception>
    public static bool TryEncode(QuicTransportParameters parameters, Span<byte> destination, out int bytesWritten)
    {
        int length = GetEncodedLength(parameters);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var sink = new Sink(destination, measureOnly: false);
        Encode(parameters, ref sink);
        bytesWritten = sink.Position;
        return true;
    }

    private static void Validate(QuicTransportParameters p)
    {
        if (p.MaxUdpPayloadSize < QuicTransportParameters.MinUdpPayloadSize) throw new ArgumentException("RFC 9000 §18.2: max_udp_payload_size below 1200 is invalid.", nameof(p));
        if (p.AckDelayExponent > QuicTransportParameters.MaxAckDelayExponent) throw new ArgumentException("RFC 9000 §18.2: ack_delay_exponent above 20 is invalid.", nameof(p));
        if (p.MaxAckDelay >= QuicTransportParameters.MaxAckDelayLimit) throw new ArgumentException("RFC 9000 §18.2: max_ack_delay of 2^14 or more is invalid.", nameof(p));
        if (p.ActiveConnectionIdLimit < 2) throw new ArgumentException("RFC 9000 §18.2: active_connection_id_limit is at least 2.", nameof(p));
        if (p.InitialMaxStreamsBidi > QuicTransportParameters.MaxStreams || p.InitialMaxStreamsUni > QuicTransportParameters.MaxStreams) throw new ArgumentException("RFC 9000 §4.6: stream counts are at most 2^60.", nameof(p));
        if (p.PreferredAddress is { } address && address.ConnectionId.Length == 0) throw new ArgumentException("RFC 9000 §18.2: a preferred address carries a non-empty connection ID.", nameof(p));
    }

    // One walk over the parameters serves both the length computation and the write.
    private static void Encode(QuicTransportParameters p, ref Sink sink)
    {
        if (p.OriginalDestinationConnectionId is { } odcid) sink.Bytes(QuicTransportParameterId.original_destination_connection_id, odcid.Span);
        sink.Integer(QuicTransportParameterId.max_idle_timeout, p.MaxIdleTimeout, 0);
        if (p.StatelessResetToken is { } token)
        {
            Span<byte> buffer = stackalloc byte[QuicStatelessResetToken.Length];
            token.CopyTo(buffer);
            sink.Bytes(QuicTransportParameterId.stateless_reset_token, buffer);
        }

        sink.Integer(QuicTransportParameterId.max_udp_payload_size, p.MaxUdpPayloadSize, QuicTransportParameters.DefaultMaxUdpPayloadSize);
        sink.Integer(QuicTransportParameterId.initial_max_data, p.InitialMaxData, 0);
        sink.Integer(QuicTransportParameterId.initial_max_stream_data_bidi_local, p.InitialMaxStreamDataBidiLocal, 0);
        sink.Integer(QuicTransportParameterId.initial_max_stream_data_bidi_remote, p.InitialMaxStreamDataBidiRemote, 0);
        sink.Integer(QuicTransportParameterId.initial_max_stream_data_uni, p.InitialMaxStreamDataUni, 0);
        sink.Integer(QuicTransportParameterId.initial_max_streams_bidi, p.InitialMaxStreamsBidi, 0);
        sink.Integer(QuicTransportParameterId.initial_max_streams_uni, p.InitialMaxStreamsUni, 0);
        sink.Integer(QuicTransportParameterId.ack_delay_exponent, p.AckDelayExponent, 3);
        sink.Integer(QuicTransportParameterId.max_ack_delay, p.MaxAckDelay, 25);
        if (p.DisableActiveMigration) sink.Bytes(QuicTransportParameterId.disable_active_migration, default);
        if (p.PreferredAddress is { } address)
        {
            Span<byte> buffer = stackalloc byte[PreferredAddressFixedLength + QuicConnectionId.MaxLength];
            var writer = new QuicSpanWriter(buffer);
            writer.WriteUInt32(address.IPv4Address);
            writer.WriteUInt16(address.IPv4Port);
            Span<byte> ipv6 = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(ipv6, address.IPv6Address);
            writer.WriteBytes(ipv6);
            writer.WriteUInt16(address.IPv6Port);
            writer.WriteByte((byte)address.ConnectionId.Length);
            writer.WriteBytes(address.ConnectionId.Span);
            Span<byte> resetToken = stackalloc byte[QuicStatelessResetToken.Length];
            address.StatelessResetToken.CopyTo(resetToken);
            writer.WriteBytes(resetToken);
            sink.Bytes(QuicTransportParameterId.preferred_address, buffer[..writer.Position]);
        }

        sink.Integer(QuicTransportParameterId.active_connection_id_limit, p.ActiveConnectionIdLimit, 2);
        if (p.InitialSourceConnectionId is { } iscid) sink.Bytes(QuicTransportParameterId.initial_source_connection_id, iscid.Span);
        if (p.RetrySourceConnectionId is { } rscid) sink.Bytes(QuicTransportParameterId.retry_source_connection_id, rscid.Span);
    }

    /// <summary>Counts, or writes, Transport Parameter entries.</summary>
    private ref struct Sink(Span<byte> destination, bool measureOnly)
    {
        private readonly Span<byte> _destination = destination;
        private readonly bool _measureOnly = measureOnly;

        public int Position { get; private set; }

        public void Bytes(QuicTransportParameterId id, scoped ReadOnlySpan<byte> value)
        {
            int length = Varint.GetLength((ulong)id) + Varint.GetLength((ulong)value.Length) + value.Length;
            if (!_measureOnly)
            {
                var writer = new QuicSpanWriter(_destination[Position..]);
                writer.WriteVarint((ulong)id);
                writer.WriteVarint((ulong)value.Length);
                writer.WriteBytes(value);
            }

            Position += length;
        }

        public void Integer(QuicTransportParameterId id, ulong value, ulong defaultValue)
        {
            if (value == defaultValue) return;
            Span<byte> buffer = stackalloc byte[Varint.MaxLength];
            Varint.TryWrite(buffer, value, out int written);
            Bytes(id, buffer[..written]);
        }
    }

    /// <summary>The values decoded so far; the record is built once, at the end.</summary>
    private struct Values()
    {
        public QuicConnectionId? OriginalDestinationConnectionId;
        public ulong MaxIdleTimeout;
        public QuicStatelessResetToken? StatelessResetToken;
        public ulong MaxUdpPayloadSize = QuicTransportParameters.DefaultMaxUdpPayloadSize;
        public ulong InitialMaxData;
        public ulong InitialMaxStreamDataBidiLocal;
        public ulong InitialMaxStreamDataBidiRemote;
        public ulong InitialMaxStreamDataUni;
        public ulong InitialMaxStreamsBidi;
        public ulong InitialMaxStreamsUni;
        public ulong AckDelayExponent = 3;
        public ulong MaxAckDelay = 25;
        public bool DisableActiveMigration;
        public QuicPreferredAddress? PreferredAddress;
        public ulong ActiveConnectionIdLimit = 2;
        public QuicConnectionId? InitialSourceConnectionId;
        public QuicConnectionId? RetrySourceConnectionId;

        public readonly QuicTransportParameters ToParameters() => new()
        {
            OriginalDestinationConnectionId = OriginalDestinationConnectionId,
            MaxIdleTimeout = MaxIdleTimeout,
            StatelessResetToken = StatelessResetToken,
            MaxUdpPayloadSize = MaxUdpPayloadSize,
            InitialMaxData = InitialMaxData,
            InitialMaxStreamDataBidiLocal = InitialMaxStreamDataBidiLocal,
            InitialMaxStreamDataBidiRemote = InitialMaxStreamDataBidiRemote,
            InitialMaxStreamDataUni = InitialMaxStreamDataUni,
            InitialMaxStreamsBidi = InitialMaxStreamsBidi,
            InitialMaxStreamsUni = InitialMaxStreamsUni,
            AckDelayExponent = AckDelayExponent,
            MaxAckDelay = MaxAckDelay,
            DisableActiveMigration = DisableActiveMigration,
            PreferredAddress = PreferredAddress,
            ActiveConnectionIdLimit = ActiveConnectionIdLimit,
            InitialSourceConnectionId = InitialSourceConnectionId,
            RetrySourceConnectionId = RetrySourceConnectionId,
        };
    }
}
