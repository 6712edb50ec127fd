using Roadrunner.Quic.Buffers;
using Roadrunner.Quic.Errors;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// Parses the unprotected parts of one packet header at a given offset in a datagram (RFC 8999 §5, RFC 9000 §17).
/// To walk every packet of a datagram, use <see cref="QuicDatagramReader"/>.
/// </summary>
public static class QuicPacketParser
{
    /// <summary>The longest connection ID QUIC version 1 allows (RFC 9000 §17.2).</summary>
    public const int MaxConnectionIdLength = 20;

    /// <summary>The size of a Retry packet's integrity tag (RFC 9000 §17.2.5, RFC 9001 §5.8).</summary>
    public const int RetryIntegrityTagLength = 16;

    private const byte HeaderFormBit = 0x80;
    private const byte FixedBit = 0x40;

    /// <summary>
    /// Parses the packet that starts at <paramref name="offset"/> in <paramref name="datagram"/>.
    /// </summary>
    /// <param name="datagram">The whole UDP datagram.</param>
    /// <param name="offset">Where the packet starts (0 for the first packet, the previous <see cref="QuicPacketHeader.PacketEnd"/> for the next).</param>
    /// <param name="shortHeaderConnectionIdLength">
    /// The length of the connection IDs this endpoint issued: a short header does not carry it (RFC 9000 §17.3.1, §5.1).
    /// </param>
    /// <param name="header">The header when the result is no error.</param>
    /// <returns>No error, or why the packet must be discarded.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="offset"/> is outside the datagram, or <paramref name="shortHeaderConnectionIdLength"/> is not 0 to 20.
    /// </exception>
    public static QuicPacketError TryParse(ReadOnlySpan<byte> datagram, int offset, int shortHeaderConnectionIdLength, out QuicPacketHeader header)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, datagram.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(shortHeaderConnectionIdLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shortHeaderConnectionIdLength, MaxConnectionIdLength);

        header = default;
        var reader = new QuicSpanReader(datagram[offset..]);
        if (!reader.TryReadByte(out byte first)) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);

        return (first & HeaderFormBit) == 0
            ? ParseShort(datagram, offset, first, ref reader, shortHeaderConnectionIdLength, out header)
            : ParseLong(datagram, offset, first, ref reader, out header);
    }

    // RFC 9000 §17.3.1: 1-RTT Packet { Header Form (1) = 0, Fixed Bit (1) = 1, Spin Bit (1), Reserved Bits (2),
    // Key Phase (1), Packet Number Length (2), Destination Connection ID (0..160), Packet Number (8..32), Packet Payload (8..) }
    private static QuicPacketError ParseShort(ReadOnlySpan<byte> datagram, int offset, byte first, scoped ref QuicSpanReader reader, int dcidLength, out QuicPacketHeader header)
    {
        header = default;

        // §17.3.1: "Fixed Bit: The next bit (0x40) of byte 0 is set to 1. Packets containing a zero value for this bit
        // are not valid packets in this version and MUST be discarded."
        if ((first & FixedBit) == 0) return Fail(QuicPacketErrorKind.FixedBitClear, QuicErrors.PacketFixedBitClear);

        // The packet number takes at least one byte after the connection ID.
        if (!reader.TryReadBytes((ulong)dcidLength, out var dcid) || reader.Remaining < 1) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);

        int pnOffset = offset + reader.Position;
        header = new QuicPacketHeader(QuicPacketType.OneRtt, first, 0, dcid, default, default, default, default, offset, pnOffset, datagram.Length);
        return default;
    }

    private static QuicPacketError ParseLong(ReadOnlySpan<byte> datagram, int offset, byte first, scoped ref QuicSpanReader reader, out QuicPacketHeader header)
    {
        header = default;
        if (!reader.TryReadUInt32(out uint version)) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);

        // RFC 8999 §5.1: the connection ID lengths are 8-bit fields in every version; only version 1 bounds them to 20.
        if (!reader.TryReadLengthPrefixed8(out var dcid) || !reader.TryReadLengthPrefixed8(out var scid)) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);

        if (version == QuicVersion.Negotiation)
        {
            // RFC 9000 §17.2.1: the Fixed Bit of a Version Negotiation packet is unused ("Clients MUST ignore the value
            // of this field"), and the rest of the datagram is a list of 32-bit versions.
            reader.ReadToEnd(out var versions);
            if (versions.Length % 4 != 0) return Fail(QuicPacketErrorKind.MalformedVersionList, QuicErrors.PacketVersionListMalformed);
            header = new QuicPacketHeader(QuicPacketType.VersionNegotiation, first, version, dcid, scid, default, default, versions, offset, -1, datagram.Length);
            return default;
        }

        if (version != QuicVersion.Version1)
        {
            // RFC 8999 §5.1: nothing past the connection IDs is known for another version; a server answers with
            // Version Negotiation (RFC 9000 §6.1), which needs only these fields.
            header = new QuicPacketHeader(QuicPacketType.UnsupportedVersion, first, version, dcid, scid, default, default, default, offset, -1, datagram.Length);
            return default;
        }

        // RFC 9000 §17.2: "Packets containing a zero value for this bit are not valid packets in this version and MUST be discarded."
        if ((first & FixedBit) == 0) return Fail(QuicPacketErrorKind.FixedBitClear, QuicErrors.PacketFixedBitClear);

        // RFC 9000 §17.2: "In QUIC version 1, this value MUST NOT exceed 20 bytes. Endpoints that receive a version 1
        // long header with a value larger than 20 MUST drop the packet."
        if (dcid.Length > MaxConnectionIdLength || scid.Length > MaxConnectionIdLength) return Fail(QuicPacketErrorKind.ConnectionIdTooLong, QuicErrors.PacketConnectionIdTooLong);

        var type = (QuicPacketType)((first >> 4) & 0x03);
        if (type == QuicPacketType.Retry) return ParseRetry(datagram, offset, first, version, dcid, scid, ref reader, out header);

        // RFC 9000 §17.2.2: Initial packets carry Token Length (i) and Token (..) before Length.
        ReadOnlySpan<byte> token = default;
        if (type == QuicPacketType.Initial && !reader.TryReadVarintPrefixed(out token)) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);

        // RFC 9000 §17.2: "Length: This is the length of the remainder of the packet (that is, the Packet Number and
        // Payload fields) in bytes, encoded as a variable-length integer."
        if (!reader.TryReadVarint(out ulong length)) return Fail(QuicPacketErrorKind.Truncated, QuicErrors.PacketTruncated);
        if (length < 1) return Fail(QuicPacketErrorKind.LengthTooSmall, QuicErrors.PacketLengthTooSmall);
        if (length > (ulong)reader.Remaining) return Fail(QuicPacketErrorKind.LengthPastDatagram, QuicErrors.PacketLengthPastDatagram);

        int pnOffset = offset + reader.Position;
        header = new QuicPacketHeader(type, first, version, dcid, scid, token, default, default, offset, pnOffset, pnOffset + (int)length);
        return default;
    }

    // RFC 9000 §17.2.5: Retry Packet { ..., Retry Token (..), Retry Integrity Tag (128) }: the token is what is left
    // once the tag is taken off the end of the datagram.
    private static QuicPacketError ParseRetry(ReadOnlySpan<byte> datagram, int offset, byte first, uint version, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, scoped ref QuicSpanReader reader, out QuicPacketHeader header)
    {
        header = default;
        reader.ReadToEnd(out var rest);

        // §17.2.5.2: "A client MUST discard a Retry packet that contains a zero-length Retry Token field."
        if (rest.Length <= RetryIntegrityTagLength) return Fail(QuicPacketErrorKind.MalformedRetry, QuicErrors.PacketRetryMalformed);

        var token = rest[..^RetryIntegrityTagLength];
        var tag = rest[^RetryIntegrityTagLength..];
        header = new QuicPacketHeader(QuicPacketType.Retry, first, version, dcid, scid, token, tag, default, offset, -1, datagram.Length);
        return default;
    }

    private static QuicPacketError Fail(QuicPacketErrorKind kind, string reason) => new(kind, reason);
}
