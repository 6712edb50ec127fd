using Roadrunner.Quic.Buffers;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// Writes packet headers into a caller's span (RFC 9000 §17). Each writer returns false, writing nothing, when the
/// span is too small. The header is written unprotected: the Reserved Bits are 0 (§17.2: "The value included prior
/// to protection MUST be set to 0") and header protection is applied afterwards (RFC 9001 §5.4). For packets with a
/// packet number, the Packet Number field is the last thing written, so it starts at
/// <c>bytesWritten - packetNumberLength</c> and the payload follows.
/// </summary>
public static class QuicPacketWriter
{
    private const byte LongHeader = 0xC0; // Header Form = 1, Fixed Bit = 1.
    private const byte ShortHeader = 0x40; // Header Form = 0, Fixed Bit = 1.

    /// <summary>The size of an Initial header with these fields.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range (see <see cref="TryWriteInitial"/>).</exception>
    public static int GetInitialHeaderLength(int destinationConnectionIdLength, int sourceConnectionIdLength, int tokenLength, int packetNumberLength, int payloadLength, int lengthFieldLength = 0) =>
        GetLongHeaderLength(destinationConnectionIdLength, sourceConnectionIdLength, packetNumberLength, payloadLength, lengthFieldLength)
        + Varint.GetLength((ulong)tokenLength) + tokenLength;

    /// <summary>The size of a 0-RTT or Handshake header with these fields.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range (see <see cref="TryWriteHandshake"/>).</exception>
    public static int GetLongHeaderLength(int destinationConnectionIdLength, int sourceConnectionIdLength, int packetNumberLength, int payloadLength, int lengthFieldLength = 0)
    {
        CheckConnectionIdLength(destinationConnectionIdLength);
        CheckConnectionIdLength(sourceConnectionIdLength);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        int lengthField = GetLengthFieldLength(packetNumberLength, payloadLength, lengthFieldLength);
        return 1 + 4 + 1 + destinationConnectionIdLength + 1 + sourceConnectionIdLength + lengthField + packetNumberLength;
    }

    /// <summary>
    /// Writes an Initial packet header (§17.2.2) up to and including the Packet Number.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="version">The Version field.</param>
    /// <param name="destinationConnectionId">0 to 20 bytes.</param>
    /// <param name="sourceConnectionId">0 to 20 bytes.</param>
    /// <param name="token">The token (empty for a server's Initial: §17.2.2 "Initial packets sent by the server MUST set the Token Length field to 0").</param>
    /// <param name="truncatedPacketNumber">The packet number as <see cref="QuicPacketNumber.EncodePacketNumber"/> truncated it.</param>
    /// <param name="packetNumberLength">1 to 4.</param>
    /// <param name="payloadLength">Bytes that follow the packet number, AEAD tag included; the Length field is this plus <paramref name="packetNumberLength"/>.</param>
    /// <param name="bytesWritten">Header bytes written.</param>
    /// <param name="lengthFieldLength">0 for the shortest Length field, or 1, 2, 4 or 8 to fix its size.</param>
    /// <exception cref="ArgumentOutOfRangeException">A connection ID over 20 bytes, a packet number length other than 1 to 4, or a value that does not fit.</exception>
    public static bool TryWriteInitial(Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token, uint truncatedPacketNumber, int packetNumberLength, int payloadLength, out int bytesWritten, int lengthFieldLength = 0) =>
        TryWriteLong(destination, QuicPacketType.Initial, version, destinationConnectionId, sourceConnectionId, token, truncatedPacketNumber, packetNumberLength, payloadLength, lengthFieldLength, out bytesWritten);

    /// <summary>Writes a 0-RTT packet header (§17.2.3) up to and including the Packet Number; parameters as <see cref="TryWriteInitial"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="TryWriteInitial"/>.</exception>
    public static bool TryWriteZeroRtt(Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, uint truncatedPacketNumber, int packetNumberLength, int payloadLength, out int bytesWritten, int lengthFieldLength = 0) =>
        TryWriteLong(destination, QuicPacketType.ZeroRtt, version, destinationConnectionId, sourceConnectionId, default, truncatedPacketNumber, packetNumberLength, payloadLength, lengthFieldLength, out bytesWritten);

    /// <summary>Writes a Handshake packet header (§17.2.4) up to and including the Packet Number; parameters as <see cref="TryWriteInitial"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="TryWriteInitial"/>.</exception>
    public static bool TryWriteHandshake(Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, uint truncatedPacketNumber, int packetNumberLength, int payloadLength, out int bytesWritten, int lengthFieldLength = 0) =>
        TryWriteLong(destination, QuicPacketType.Handshake, version, destinationConnectionId, sourceConnectionId, default, truncatedPacketNumber, packetNumberLength, payloadLength, lengthFieldLength, out bytesWritten);

    /// <summary>
    /// Writes a whole Retry packet (§17.2.5): header, token and the integrity tag computed by the caller (RFC 9001 §5.8).
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="version">The Version field.</param>
    /// <param name="destinationConnectionId">The client's Source Connection ID, 0 to 20 bytes.</param>
    /// <param name="sourceConnectionId">The connection ID the server chose, 0 to 20 bytes.</param>
    /// <param name="retryToken">The token; not empty (§17.2.5.2).</param>
    /// <param name="integrityTag">The 16-byte Retry Integrity Tag.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <param name="unusedBits">The four Unused bits, which the server may set to anything (§17.2.5).</param>
    /// <exception cref="ArgumentOutOfRangeException">A connection ID over 20 bytes, or unused bits above 0x0f.</exception>
    /// <exception cref="ArgumentException">An empty token, or a tag that is not 16 bytes.</exception>
    public static bool TryWriteRetry(Span<byte> destination, uint version, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> retryToken, ReadOnlySpan<byte> integrityTag, out int bytesWritten, byte unusedBits = 0)
    {
        CheckConnectionIdLength(destinationConnectionId.Length);
        CheckConnectionIdLength(sourceConnectionId.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unusedBits, (byte)0x0F);
        if (retryToken.IsEmpty) throw new ArgumentException("RFC 9000 §17.2.5.2: a Retry token is never empty.", nameof(retryToken));
        if (integrityTag.Length != QuicPacketParser.RetryIntegrityTagLength) throw new ArgumentException("RFC 9000 §17.2.5: the Retry Integrity Tag is 16 bytes.", nameof(integrityTag));

        int length = 1 + 4 + 1 + destinationConnectionId.Length + 1 + sourceConnectionId.Length + retryToken.Length + integrityTag.Length;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var writer = new QuicSpanWriter(destination);
        writer.WriteByte((byte)(LongHeader | ((int)QuicPacketType.Retry << 4) | unusedBits));
        writer.WriteUInt32(version);
        WriteConnectionIds(ref writer, destinationConnectionId, sourceConnectionId);
        writer.WriteBytes(retryToken);
        writer.WriteBytes(integrityTag);
        bytesWritten = writer.Position;
        return true;
    }

    /// <summary>
    /// Writes a whole Version Negotiation packet (§17.2.1, RFC 8999 §6). The Fixed Bit position (0x40) is set: §17.2.1
    /// "servers SHOULD set the most significant bit of this field (0x40) to 1 so that Version Negotiation packets appear
    /// to have the Fixed Bit field".
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="destinationConnectionId">The Source Connection ID of the packet being answered (any length up to 255, RFC 8999 §6).</param>
    /// <param name="sourceConnectionId">The Destination Connection ID of the packet being answered (up to 255).</param>
    /// <param name="supportedVersions">The versions the server supports.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <param name="unusedBits">The other six Unused bits (0x3f at most), arbitrary.</param>
    /// <exception cref="ArgumentOutOfRangeException">A connection ID over 255 bytes, or unused bits above 0x3f.</exception>
    public static bool TryWriteVersionNegotiation(Span<byte> destination, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<uint> supportedVersions, out int bytesWritten, byte unusedBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destinationConnectionId.Length, byte.MaxValue, nameof(destinationConnectionId));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceConnectionId.Length, byte.MaxValue, nameof(sourceConnectionId));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unusedBits, (byte)0x3F);

        int length = 1 + 4 + 1 + destinationConnectionId.Length + 1 + sourceConnectionId.Length + (4 * supportedVersions.Length);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var writer = new QuicSpanWriter(destination);
        writer.WriteByte((byte)(0x80 | 0x40 | unusedBits));
        writer.WriteUInt32(QuicVersion.Negotiation);
        WriteConnectionIds(ref writer, destinationConnectionId, sourceConnectionId);
        foreach (uint version in supportedVersions) writer.WriteUInt32(version);
        bytesWritten = writer.Position;
        return true;
    }

    /// <summary>
    /// Writes a 1-RTT (short header) packet header (§17.3.1) up to and including the Packet Number.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="destinationConnectionId">0 to 20 bytes.</param>
    /// <param name="spinBit">The latency spin bit (§17.4).</param>
    /// <param name="keyPhase">The Key Phase bit (RFC 9001 §6).</param>
    /// <param name="truncatedPacketNumber">The truncated packet number.</param>
    /// <param name="packetNumberLength">1 to 4.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <exception cref="ArgumentOutOfRangeException">A connection ID over 20 bytes, or a packet number that does not fit its length.</exception>
    public static bool TryWriteShort(Span<byte> destination, ReadOnlySpan<byte> destinationConnectionId, bool spinBit, bool keyPhase, uint truncatedPacketNumber, int packetNumberLength, out int bytesWritten)
    {
        CheckConnectionIdLength(destinationConnectionId.Length);
        QuicPacketNumber.CheckLength(truncatedPacketNumber, packetNumberLength);
        int length = 1 + destinationConnectionId.Length + packetNumberLength;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        byte first = (byte)(ShortHeader | (spinBit ? 0x20 : 0) | (keyPhase ? 0x04 : 0) | (packetNumberLength - 1));
        destination[0] = first;
        destinationConnectionId.CopyTo(destination[1..]);
        QuicPacketNumber.Write(destination[(1 + destinationConnectionId.Length)..], truncatedPacketNumber, packetNumberLength);
        bytesWritten = length;
        return true;
    }

    private static bool TryWriteLong(Span<byte> destination, QuicPacketType type, uint version, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token, uint truncatedPacketNumber, int packetNumberLength, int payloadLength, int lengthFieldLength, out int bytesWritten)
    {
        QuicPacketNumber.CheckLength(truncatedPacketNumber, packetNumberLength);
        int length = type == QuicPacketType.Initial
            ? GetInitialHeaderLength(destinationConnectionId.Length, sourceConnectionId.Length, token.Length, packetNumberLength, payloadLength, lengthFieldLength)
            : GetLongHeaderLength(destinationConnectionId.Length, sourceConnectionId.Length, packetNumberLength, payloadLength, lengthFieldLength);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var writer = new QuicSpanWriter(destination);

        // §17.2: Header Form, Fixed Bit, Long Packet Type, Reserved Bits (0), Packet Number Length (length - 1).
        writer.WriteByte((byte)(LongHeader | ((int)type << 4) | (packetNumberLength - 1)));
        writer.WriteUInt32(version);
        WriteConnectionIds(ref writer, destinationConnectionId, sourceConnectionId);
        if (type == QuicPacketType.Initial)
        {
            writer.WriteVarint((ulong)token.Length);
            writer.WriteBytes(token);
        }

        ulong lengthValue = (ulong)packetNumberLength + (ulong)payloadLength;
        int lengthField = GetLengthFieldLength(packetNumberLength, payloadLength, lengthFieldLength);
        Varint.TryWrite(destination[writer.Position..], lengthValue, lengthField, out _);
        int pnOffset = writer.Position + lengthField;
        QuicPacketNumber.Write(destination[pnOffset..], truncatedPacketNumber, packetNumberLength);
        bytesWritten = pnOffset + packetNumberLength;
        return true;
    }

    private static void WriteConnectionIds(ref QuicSpanWriter writer, ReadOnlySpan<byte> destinationConnectionId, ReadOnlySpan<byte> sourceConnectionId)
    {
        writer.WriteByte((byte)destinationConnectionId.Length);
        writer.WriteBytes(destinationConnectionId);
        writer.WriteByte((byte)sourceConnectionId.Length);
        writer.WriteBytes(sourceConnectionId);
    }

    private static int GetLengthFieldLength(int packetNumberLength, int payloadLength, int lengthFieldLength)
    {
        if (packetNumberLength is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(packetNumberLength), packetNumberLength, "A packet number is 1 to 4 bytes.");
        int shortest = Varint.GetLength((ulong)packetNumberLength + (ulong)payloadLength);
        if (lengthFieldLength == 0) return shortest;
        if (lengthFieldLength is not (1 or 2 or 4 or 8) || lengthFieldLength < shortest) throw new ArgumentOutOfRangeException(nameof(lengthFieldLength), lengthFieldLength, "The Length field cannot hold the packet length in that size.");
        return lengthFieldLength;
    }

    private static void CheckConnectionIdLength(int length)
    {
        if (length > QuicPacketParser.MaxConnectionIdLength) throw new ArgumentOutOfRangeException(nameof(length), length, "RFC 9000 §17.2: a version 1 connection ID is at most 20 bytes.");
    }
}
