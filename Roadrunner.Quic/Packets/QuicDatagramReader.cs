using Roadrunner.Quic.Errors;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// Walks the packets coalesced into one UDP datagram (RFC 9000 §12.2): Initial, 0-RTT and Handshake packets end where
/// their Length field says, and whatever follows is the next packet; a short header, Retry or Version Negotiation packet
/// runs to the end of the datagram.
/// </summary>
/// <example>
/// <code>
/// var reader = new QuicDatagramReader(datagram, shortHeaderConnectionIdLength: 8);
/// while (reader.TryReadPacket(out var header, out var error))
/// {
///     // remove header protection at header.PacketNumberOffset, decrypt up to header.PacketEnd ...
/// }
/// if (!error.IsNone) { /* the rest of the datagram is discarded */ }
/// </code>
/// </example>
public ref struct QuicDatagramReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private readonly int _shortHeaderConnectionIdLength;
    private int _firstDestinationConnectionIdStart;
    private int _firstDestinationConnectionIdLength;
    private int _offset;
    private int _packets;
    private bool _stopped;

    /// <summary>Starts at the first byte of <paramref name="datagram"/>.</summary>
    /// <param name="datagram">The UDP datagram.</param>
    /// <param name="shortHeaderConnectionIdLength">The length of the connection IDs this endpoint issued (0 to 20).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortHeaderConnectionIdLength"/> is not 0 to 20.</exception>
    public QuicDatagramReader(ReadOnlySpan<byte> datagram, int shortHeaderConnectionIdLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shortHeaderConnectionIdLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shortHeaderConnectionIdLength, QuicPacketParser.MaxConnectionIdLength);
        _datagram = datagram;
        _shortHeaderConnectionIdLength = shortHeaderConnectionIdLength;
        _offset = 0;
        _packets = 0;
        _firstDestinationConnectionIdStart = 0;
        _firstDestinationConnectionIdLength = 0;
        _stopped = false;
    }

    /// <summary>Offset of the next packet in the datagram.</summary>
    public readonly int Offset => _offset;

    /// <summary>
    /// Reads the next packet's header. Returns false at the end of the datagram (with no error) or when a header is
    /// malformed (with the error); after a malformed header the rest of the datagram cannot be delimited and is left unread.
    /// </summary>
    public bool TryReadPacket(out QuicPacketHeader header, out QuicPacketError error)
    {
        header = default;
        error = default;
        if (_stopped || _offset >= _datagram.Length) return false;

        error = QuicPacketParser.TryParse(_datagram, _offset, _shortHeaderConnectionIdLength, out header);
        if (!error.IsNone)
        {
            _stopped = true;
            header = default;
            return false;
        }

        if (_packets == 0)
        {
            // The connection ID follows the first byte of a short header, and the first byte, Version and length byte of a long one.
            _firstDestinationConnectionIdStart = header.PacketStart + (header.IsLongHeader ? 6 : 1);
            _firstDestinationConnectionIdLength = header.DestinationConnectionId.Length;
        }
        else if (!header.DestinationConnectionId.SequenceEqual(_datagram.Slice(_firstDestinationConnectionIdStart, _firstDestinationConnectionIdLength)))
        {
            // RFC 9000 §12.2: "Receivers SHOULD ignore any subsequent packets with a different Destination Connection
            // ID than the first packet in the datagram."
            _stopped = true;
            header = default;
            error = new QuicPacketError(QuicPacketErrorKind.ConnectionIdMismatch, QuicErrors.PacketCoalescedConnectionIdMismatch);
            return false;
        }

        _packets++;
        _offset = header.PacketEnd;
        return true;
    }
}
