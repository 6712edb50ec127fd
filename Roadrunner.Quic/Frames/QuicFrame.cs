namespace Roadrunner.Quic.Frames;

/// <summary>
/// One frame read from a packet payload (RFC 9000 §19), as a tagged value: <see cref="Type"/> says which properties
/// carry meaning, and byte fields alias the payload, so reading a frame allocates nothing. A property a frame type
/// does not have reads as 0 or empty.
/// </summary>
public readonly ref struct QuicFrame
{
    /// <summary>The frame type; the eight STREAM variants are all <see cref="QuicFrameType.STREAM"/>.</summary>
    public QuicFrameType Type { get; init; }

    /// <summary>The Frame Type field as sent (0x08–0x0f for STREAM), the value a CONNECTION_CLOSE would name.</summary>
    public ulong RawType { get; init; }

    /// <summary>Stream ID: RESET_STREAM, STOP_SENDING, STREAM, MAX_STREAM_DATA, STREAM_DATA_BLOCKED.</summary>
    public ulong StreamId { get; init; }

    /// <summary>Byte offset of <see cref="Data"/> in its stream: STREAM (0 without the OFF bit), CRYPTO.</summary>
    public ulong Offset { get; init; }

    /// <summary>
    /// The frame's bytes: stream data (STREAM), handshake data (CRYPTO), the token (NEW_TOKEN), the 8 bytes of
    /// PATH_CHALLENGE / PATH_RESPONSE, or the run of zero bytes a PADDING frame stands for (consecutive PADDING
    /// bytes are read as one frame).
    /// </summary>
    public ReadOnlySpan<byte> Data { get; init; }

    /// <summary>STREAM: the FIN bit (0x01), the end of the stream.</summary>
    public bool IsFin { get; init; }

    /// <summary>
    /// Application Protocol Error Code (RESET_STREAM, STOP_SENDING, application CONNECTION_CLOSE) or transport Error
    /// Code (CONNECTION_CLOSE of type 0x1c).
    /// </summary>
    public ulong ErrorCode { get; init; }

    /// <summary>RESET_STREAM: Final Size of the stream.</summary>
    public ulong FinalSize { get; init; }

    /// <summary>
    /// The limit a flow-control frame carries: Maximum Data (MAX_DATA), Maximum Stream Data (MAX_STREAM_DATA), Maximum
    /// Streams (MAX_STREAMS), or the limit at which the sender is blocked (DATA_BLOCKED, STREAM_DATA_BLOCKED, STREAMS_BLOCKED).
    /// </summary>
    public ulong Limit { get; init; }

    /// <summary>Sequence Number: NEW_CONNECTION_ID, RETIRE_CONNECTION_ID.</summary>
    public ulong SequenceNumber { get; init; }

    /// <summary>NEW_CONNECTION_ID: Retire Prior To.</summary>
    public ulong RetirePriorTo { get; init; }

    /// <summary>NEW_CONNECTION_ID: the connection ID (1 to 20 bytes).</summary>
    public ReadOnlySpan<byte> ConnectionId { get; init; }

    /// <summary>NEW_CONNECTION_ID: the 16-byte Stateless Reset Token.</summary>
    public ReadOnlySpan<byte> StatelessResetToken { get; init; }

    /// <summary>CONNECTION_CLOSE (0x1c): the type of the frame that triggered the error, 0 when unknown.</summary>
    public ulong TriggeringFrameType { get; init; }

    /// <summary>CONNECTION_CLOSE: the Reason Phrase bytes (meant to be UTF-8; not checked, §19.19).</summary>
    public ReadOnlySpan<byte> ReasonPhrase { get; init; }

    /// <summary>ACK: Largest Acknowledged.</summary>
    public ulong LargestAcknowledged { get; init; }

    /// <summary>ACK: the ACK Delay field as sent; multiply by 2^ack_delay_exponent for microseconds (§19.3).</summary>
    public ulong AckDelay { get; init; }

    /// <summary>ACK: ACK Range Count, the number of Gap / ACK Range pairs after the First ACK Range.</summary>
    public ulong AckRangeCount { get; init; }

    /// <summary>ACK: First ACK Range, the number of packets below Largest Acknowledged that are acknowledged too.</summary>
    public ulong FirstAckRange { get; init; }

    /// <summary>ACK of type 0x03: the ECN counts; zero for type 0x02.</summary>
    public QuicEcnCounts EcnCounts { get; init; }

    /// <summary>ACK: true for type 0x03, which carries <see cref="EcnCounts"/>.</summary>
    public bool HasEcnCounts => Type == QuicFrameType.ACK_ECN;

    /// <summary>The encoded Gap / ACK Range pairs, already validated.</summary>
    internal ReadOnlySpan<byte> AckRangeBytes { get; init; }

    /// <summary>MAX_STREAMS, STREAMS_BLOCKED: true for the bidirectional variant (0x12, 0x16).</summary>
    public bool IsBidirectional => Type is QuicFrameType.MAX_STREAMS_BIDI or QuicFrameType.STREAMS_BLOCKED_BIDI;

    /// <summary>ACK: the acknowledged ranges, largest first, including the one First ACK Range describes.</summary>
    public QuicAckRangeEnumerator GetAckRanges() => new(LargestAcknowledged, FirstAckRange, AckRangeBytes);
}
