using System.Buffers.Binary;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// One parsed packet header, aliasing the datagram it came from. Offsets count from the start of the datagram, so a
/// caller can remove header protection and decrypt in place: the first byte and the packet number are still protected
/// (RFC 9001 §5.4), which is why the packet number is reported as an offset and not as a value.
/// </summary>
/// <remarks>
/// <code>
/// Long Header Packet {                       1-RTT Packet {
///   Header Form (1) = 1,                       Header Form (1) = 0,
///   Fixed Bit (1) = 1,                         Fixed Bit (1) = 1,
///   Long Packet Type (2),                      Spin Bit (1),
///   Type-Specific Bits (4),                    Reserved Bits (2),      protected
///   Version (32),                              Key Phase (1),          protected
///   Destination Connection ID Length (8),      Packet Number Length (2), protected
///   Destination Connection ID (0..160),        Destination Connection ID (0..160),
///   Source Connection ID Length (8),           Packet Number (8..32),  protected
///   Source Connection ID (0..160),             Packet Payload (8..),
///   Type-Specific Payload (..),              }
/// }
/// </code>
/// </remarks>
public readonly ref struct QuicPacketHeader
{
    internal QuicPacketHeader(
        QuicPacketType type,
        byte firstByte,
        uint version,
        ReadOnlySpan<byte> destinationConnectionId,
        ReadOnlySpan<byte> sourceConnectionId,
        ReadOnlySpan<byte> token,
        ReadOnlySpan<byte> retryIntegrityTag,
        ReadOnlySpan<byte> supportedVersions,
        int packetStart,
        int packetNumberOffset,
        int packetEnd)
    {
        Type = type;
        FirstByte = firstByte;
        Version = version;
        DestinationConnectionId = destinationConnectionId;
        SourceConnectionId = sourceConnectionId;
        Token = token;
        RetryIntegrityTag = retryIntegrityTag;
        SupportedVersions = supportedVersions;
        PacketStart = packetStart;
        PacketNumberOffset = packetNumberOffset;
        PacketEnd = packetEnd;
    }

    /// <summary>The kind of packet.</summary>
    public QuicPacketType Type { get; }

    /// <summary>The first byte as received; its low bits are still under header protection for packets with a packet number.</summary>
    public byte FirstByte { get; }

    /// <summary>True for a long header (RFC 8999 §5.1: the most significant bit of the first byte is 1).</summary>
    public bool IsLongHeader => (FirstByte & 0x80) != 0;

    /// <summary>The Version field of a long header; 0 for a short header.</summary>
    public uint Version { get; }

    /// <summary>The Destination Connection ID.</summary>
    public ReadOnlySpan<byte> DestinationConnectionId { get; }

    /// <summary>The Source Connection ID of a long header; empty for a short header.</summary>
    public ReadOnlySpan<byte> SourceConnectionId { get; }

    /// <summary>The Token of an Initial packet (possibly empty) or the Retry Token of a Retry packet; empty otherwise.</summary>
    public ReadOnlySpan<byte> Token { get; }

    /// <summary>The 16-byte Retry Integrity Tag of a Retry packet, left opaque (RFC 9001 §5.8 checks it); empty otherwise.</summary>
    public ReadOnlySpan<byte> RetryIntegrityTag { get; }

    /// <summary>The Supported Version list of a Version Negotiation packet, raw (4 bytes a version); empty otherwise.</summary>
    public ReadOnlySpan<byte> SupportedVersions { get; }

    /// <summary>How many versions <see cref="SupportedVersions"/> lists.</summary>
    public int SupportedVersionCount => SupportedVersions.Length / 4;

    /// <summary>Offset of the packet's first byte in the datagram.</summary>
    public int PacketStart { get; }

    /// <summary>
    /// Offset in the datagram where the (protected) Packet Number field starts; -1 for Retry, Version Negotiation and
    /// unsupported versions, which carry none. Header protection samples from 4 bytes past this point (RFC 9001 §5.4.2).
    /// </summary>
    public int PacketNumberOffset { get; }

    /// <summary>
    /// Offset in the datagram just past this packet: the end of the Length field's span for Initial, 0-RTT and
    /// Handshake packets (RFC 9000 §17.2), the end of the datagram for the others. The next coalesced packet starts here.
    /// </summary>
    public int PacketEnd { get; }

    /// <summary>The packet's length in bytes, header included.</summary>
    public int PacketLength => PacketEnd - PacketStart;

    /// <summary>True when the packet has a Packet Number field (Initial, 0-RTT, Handshake, 1-RTT).</summary>
    public bool HasPacketNumber => PacketNumberOffset >= 0;

    /// <summary>The latency Spin Bit of a short header (§17.4); it is not under header protection.</summary>
    public bool SpinBit => !IsLongHeader && (FirstByte & 0x20) != 0;

    /// <summary>The <paramref name="index"/>th version of a Version Negotiation packet's list.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public uint GetSupportedVersion(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SupportedVersionCount);
        return BinaryPrimitives.ReadUInt32BigEndian(SupportedVersions.Slice(index * 4, 4));
    }

    /// <summary>
    /// The Packet Number Length encoded in a first byte once header protection is removed: the low two bits plus one
    /// (RFC 9000 §17.2, §17.3.1).
    /// </summary>
    public static int GetPacketNumberLength(byte unprotectedFirstByte) => (unprotectedFirstByte & 0x03) + 1;
}
