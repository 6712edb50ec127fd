namespace Roadrunner.Quic.Crypto;

/// <summary>
/// Packet protection of one QUIC packet, in place (RFC 9001 §5.3, §5.4): the AEAD over the payload, then header
/// protection over the first byte and the packet number; removal in the reverse order.
/// </summary>
/// <remarks>
/// <para>
/// The span given is exactly one packet (a coalesced datagram is split first), laid out as the wire has it: the header
/// from the first byte through the packet number, the payload, and the 16-byte tag. Nothing is allocated per packet.
/// </para>
/// <para>
/// Failures on received bytes are return values, never exceptions (a packet too short to sample, a tag that does not
/// authenticate); the caller discards such a packet (RFC 9000 §12.2, RFC 9001 §5.4.2). Arguments that only the caller
/// could get wrong (a packet number length outside 1..4) throw.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // Sending: header (through a 2-byte packet number) + frames + 16 spare bytes, then:
/// PacketProtection.TryProtect(packet, pnOffset, 2, packetNumber, key, hp);
///
/// // Receiving:
/// if (!PacketProtection.TryRemoveHeaderProtection(packet, pnOffset, hp, out int pnLength, out uint truncated)) return;
/// ulong packetNumber = DecodePacketNumber(largestReceived, truncated, pnLength * 8);  // RFC 9000 §A.3
/// if (!PacketProtection.TryOpen(packet, pnOffset + pnLength, packetNumber, key)) return;
/// var frames = packet[(pnOffset + pnLength)..^PacketKey.TagLength];
/// </code>
/// </example>
public static class PacketProtection
{
    /// <summary>
    /// The header protection sample starts four bytes after the start of the packet number, as if it were four bytes
    /// long (RFC 9001 §5.4.2).
    /// </summary>
    private const int SampleOffsetFromPacketNumber = 4;

    /// <summary>
    /// Protects a packet in place: seals the payload (writing the tag over the last 16 bytes), then applies header
    /// protection (RFC 9001 §5.3, §5.4.1).
    /// </summary>
    /// <param name="packet">
    /// The packet: the unprotected header through the packet number, the plaintext payload, and 16 bytes to receive the
    /// tag. The Length field of a long header must already count the packet number, payload and tag.
    /// </param>
    /// <param name="packetNumberOffset">Where the packet number starts.</param>
    /// <param name="packetNumberLength">The encoded packet number length, 1 to 4, as the first byte's low bits also say.</param>
    /// <param name="packetNumber">The full packet number, for the nonce.</param>
    /// <param name="key">The AEAD key of the packet's space and key phase.</param>
    /// <param name="headerKey">The header protection key of the packet's space.</param>
    /// <returns>
    /// False, with the packet untouched, when it is too short to sample: RFC 9001 §5.4.2 requires the packet number and
    /// payload to span at least 4 bytes before the tag, so the sender pads first.
    /// </returns>
    public static bool TryProtect(Span<byte> packet, int packetNumberOffset, int packetNumberLength, ulong packetNumber, PacketKey key, HeaderProtectionKey headerKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(headerKey);
        CheckPacketNumber(packet, packetNumberOffset, packetNumberLength);
        if (!CanSample(packet.Length, packetNumberOffset))
        {
            return false;
        }

        int headerLength = packetNumberOffset + packetNumberLength;
        key.Seal(packetNumber, packet[..headerLength], packet[headerLength..^PacketKey.TagLength], packet[^PacketKey.TagLength..]);
        ApplyMask(packet, packetNumberOffset, packetNumberLength, headerKey);
        return true;
    }

    /// <summary>
    /// Applies header protection to a packet whose payload is already sealed (RFC 9001 §5.4.1): the low 4 bits of a
    /// long header's first byte, or the low 5 bits of a short header's, and the packet number bytes are XORed with the
    /// mask computed from the sample.
    /// </summary>
    /// <param name="packet">The packet, its payload sealed.</param>
    /// <param name="packetNumberOffset">Where the packet number starts.</param>
    /// <param name="packetNumberLength">The encoded packet number length, 1 to 4.</param>
    /// <param name="headerKey">The header protection key.</param>
    /// <returns>False, with the packet untouched, when it is too short to sample (RFC 9001 §5.4.2).</returns>
    public static bool TryApplyHeaderProtection(Span<byte> packet, int packetNumberOffset, int packetNumberLength, HeaderProtectionKey headerKey)
    {
        ArgumentNullException.ThrowIfNull(headerKey);
        CheckPacketNumber(packet, packetNumberOffset, packetNumberLength);
        if (!CanSample(packet.Length, packetNumberOffset))
        {
            return false;
        }

        ApplyMask(packet, packetNumberOffset, packetNumberLength, headerKey);
        return true;
    }

    /// <summary>
    /// Removes header protection in place (RFC 9001 §5.4.1): unmasks the first byte, reads the packet number length
    /// from its two low bits, then unmasks that many packet number bytes.
    /// </summary>
    /// <param name="packet">The received packet.</param>
    /// <param name="packetNumberOffset">Where the packet number starts (known from the header before any unmasking).</param>
    /// <param name="headerKey">The header protection key.</param>
    /// <param name="packetNumberLength">The packet number length, 1 to 4.</param>
    /// <param name="truncatedPacketNumber">The encoded (truncated) packet number, to be expanded as RFC 9000 §17.1 says.</param>
    /// <returns>
    /// False, with the packet untouched, when it is too short to hold the sample; RFC 9001 §5.4.2 allows no such
    /// packet, and it is discarded.
    /// </returns>
    public static bool TryRemoveHeaderProtection(Span<byte> packet, int packetNumberOffset, HeaderProtectionKey headerKey, out int packetNumberLength, out uint truncatedPacketNumber)
    {
        ArgumentNullException.ThrowIfNull(headerKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(packetNumberOffset, 1);
        packetNumberLength = 0;
        truncatedPacketNumber = 0;
        if (!CanSample(packet.Length, packetNumberOffset))
        {
            return false;
        }

        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskLength];
        headerKey.ComputeMask(packet.Slice(packetNumberOffset + SampleOffsetFromPacketNumber, HeaderProtectionKey.SampleLength), mask);

        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        packetNumberLength = (packet[0] & 0x03) + 1;
        uint value = 0;
        for (int i = 0; i < packetNumberLength; i++)
        {
            packet[packetNumberOffset + i] ^= mask[1 + i];
            value = (value << 8) | packet[packetNumberOffset + i];
        }

        truncatedPacketNumber = value;
        return true;
    }

    /// <summary>
    /// Authenticates and decrypts the payload in place (RFC 9001 §5.3), once header protection is removed.
    /// </summary>
    /// <param name="packet">The packet, header protection removed.</param>
    /// <param name="headerLength">The header length: packet number offset plus packet number length.</param>
    /// <param name="packetNumber">The full packet number, recovered from the truncated one.</param>
    /// <param name="key">The AEAD key of the packet's space and key phase.</param>
    /// <returns>
    /// True with the plaintext at <c>packet[headerLength..^16]</c>; false when the packet is shorter than a tag or does
    /// not authenticate, and it is discarded (RFC 9000 §12.2).
    /// </returns>
    public static bool TryOpen(Span<byte> packet, int headerLength, ulong packetNumber, PacketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(headerLength, 2);
        if (packet.Length < headerLength + PacketKey.TagLength)
        {
            return false;
        }

        return key.TryOpen(packetNumber, packet[..headerLength], packet[headerLength..^PacketKey.TagLength], packet[^PacketKey.TagLength..]);
    }

    /// <summary>RFC 9001 §5.4.2: the packet must reach pn_offset + 4 + sample length.</summary>
    private static bool CanSample(int packetLength, int packetNumberOffset) =>
        packetLength >= packetNumberOffset + SampleOffsetFromPacketNumber + HeaderProtectionKey.SampleLength;

    /// <summary>
    /// RFC 9001 §5.4.1: 4 bits are masked in a long header (Header Form bit set), 5 in a short header. The Header Form
    /// bit itself is never masked, so it reads the same before and after.
    /// </summary>
    private static byte FirstByteMask(byte firstByte) => (firstByte & 0x80) != 0 ? (byte)0x0f : (byte)0x1f;

    private static void ApplyMask(Span<byte> packet, int packetNumberOffset, int packetNumberLength, HeaderProtectionKey headerKey)
    {
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskLength];
        headerKey.ComputeMask(packet.Slice(packetNumberOffset + SampleOffsetFromPacketNumber, HeaderProtectionKey.SampleLength), mask);
        packet[0] ^= (byte)(mask[0] & FirstByteMask(packet[0]));
        for (int i = 0; i < packetNumberLength; i++)
        {
            packet[packetNumberOffset + i] ^= mask[1 + i];
        }
    }

    private static void CheckPacketNumber(ReadOnlySpan<byte> packet, int packetNumberOffset, int packetNumberLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetNumberOffset, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(packetNumberLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetNumberLength, 4);
        if (packet.Length > 0 && (packet[0] & 0x03) != packetNumberLength - 1)
        {
            throw new ArgumentException("The first byte's Packet Number Length bits must match the packet number length.", nameof(packetNumberLength));
        }
    }
}
