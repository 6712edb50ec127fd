using System.Buffers.Binary;
using System.Numerics;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// Packet number truncation and recovery (RFC 9000 §17.1, Appendix A.2 and A.3). Packet numbers are 0 to 2^62-1; on
/// the wire only the low 1 to 4 bytes are sent, enough for the receiver to pick the right value near the largest it has seen.
/// </summary>
public static class QuicPacketNumber
{
    /// <summary>The largest packet number, 2^62-1 (§12.3).</summary>
    public const long MaxValue = (1L << 62) - 1;

    /// <summary>Stands for "no packet acknowledged yet" / "no packet received yet".</summary>
    public const long None = -1;

    /// <summary>
    /// How many bytes (1 to 4) to send of <paramref name="fullPacketNumber"/> so that a receiver that has seen
    /// <paramref name="largestAcknowledged"/> recovers it (§A.2: the encoding must cover twice the number of
    /// packets in flight, "num_unacked").
    /// </summary>
    /// <param name="fullPacketNumber">The packet number being sent.</param>
    /// <param name="largestAcknowledged">The largest packet number the peer acknowledged, or <see cref="None"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The packet number is not above the largest acknowledged, or more than 2^31 packets are in flight, which no
    /// 4-byte encoding can represent (§17.1).
    /// </exception>
    public static int GetEncodedLength(long fullPacketNumber, long largestAcknowledged)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fullPacketNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fullPacketNumber, MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(largestAcknowledged, None);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(largestAcknowledged, fullPacketNumber);

        // §A.2: num_unacked = full_pn - largest_acked (full_pn + 1 with nothing acknowledged); min_bits =
        // log2(num_unacked) + 1; num_bytes = ceil(min_bits / 8). In integers: the fewest bytes b with 2 * num_unacked <= 2^(8b).
        long unacknowledged = largestAcknowledged == None ? fullPacketNumber + 1 : fullPacketNumber - largestAcknowledged;
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)(2 * unacknowledged - 1));
        int bytes = (bits + 7) / 8;
        if (bytes > 4) throw new ArgumentOutOfRangeException(nameof(fullPacketNumber), fullPacketNumber, "RFC 9000 §17.1: more packets in flight than a 4-byte packet number can cover.");
        return Math.Max(1, bytes);
    }

    /// <summary>
    /// Truncates <paramref name="fullPacketNumber"/> for sending (§A.2 EncodePacketNumber): returns the low
    /// <paramref name="length"/> bytes as an integer, and the length chosen by <see cref="GetEncodedLength"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="GetEncodedLength"/>.</exception>
    public static uint EncodePacketNumber(long fullPacketNumber, long largestAcknowledged, out int length)
    {
        length = GetEncodedLength(fullPacketNumber, largestAcknowledged);
        return (uint)((ulong)fullPacketNumber & ((1UL << (8 * length)) - 1));
    }

    /// <summary>
    /// Recovers a full packet number from its truncated form (§A.3 DecodePacketNumber): the value closest to
    /// <paramref name="largestPacketNumber"/> + 1 whose low <paramref name="bits"/> bits are <paramref name="truncatedPacketNumber"/>.
    /// </summary>
    /// <param name="largestPacketNumber">The largest packet number successfully processed in this space, or <see cref="None"/>.</param>
    /// <param name="truncatedPacketNumber">The value of the Packet Number field.</param>
    /// <param name="bits">The field's size in bits: 8, 16, 24 or 32.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bit count other than 8, 16, 24 or 32, or a truncated value wider than it.</exception>
    public static long DecodePacketNumber(long largestPacketNumber, ulong truncatedPacketNumber, int bits)
    {
        if (bits is not (8 or 16 or 24 or 32)) throw new ArgumentOutOfRangeException(nameof(bits), bits, "A packet number is 1 to 4 bytes.");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(truncatedPacketNumber, 1UL << bits);
        ArgumentOutOfRangeException.ThrowIfLessThan(largestPacketNumber, None);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(largestPacketNumber, MaxValue);

        long expected = largestPacketNumber + 1;
        long window = 1L << bits;
        long halfWindow = window / 2;
        long mask = window - 1;

        // §A.3: "The incoming packet number should be greater than expected_pn - pn_hwin and less than or equal to
        // expected_pn + pn_hwin", so take the candidate in expected's window and move it one window either way.
        long candidate = (expected & ~mask) | (long)truncatedPacketNumber;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) return candidate + window;
        if (candidate > expected + halfWindow && candidate >= window) return candidate - window;
        return candidate;
    }

    /// <summary>Writes the low <paramref name="length"/> bytes of <paramref name="truncatedPacketNumber"/> big-endian.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 1 to 4, or the value does not fit.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="length"/>.</exception>
    public static void Write(Span<byte> destination, uint truncatedPacketNumber, int length)
    {
        CheckLength(truncatedPacketNumber, length);
        if (destination.Length < length) throw new ArgumentException("The destination is too small.", nameof(destination));
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)truncatedPacketNumber;
            truncatedPacketNumber >>= 8;
        }
    }

    /// <summary>Reads a <paramref name="length"/>-byte big-endian Packet Number field (after header protection is removed).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 1 to 4.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than <paramref name="length"/>.</exception>
    public static uint Read(ReadOnlySpan<byte> source, int length)
    {
        if (length is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(length), length, "A packet number is 1 to 4 bytes.");
        if (source.Length < length) throw new ArgumentException("The source is too small.", nameof(source));
        if (length == 4) return BinaryPrimitives.ReadUInt32BigEndian(source);
        uint value = 0;
        for (int i = 0; i < length; i++) value = (value << 8) | source[i];
        return value;
    }

    internal static void CheckLength(uint truncatedPacketNumber, int length)
    {
        if (length is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(length), length, "A packet number is 1 to 4 bytes.");
        if (length < 4 && truncatedPacketNumber >= 1u << (8 * length)) throw new ArgumentOutOfRangeException(nameof(truncatedPacketNumber), truncatedPacketNumber, "The truncated packet number does not fit in its length.");
    }
}
