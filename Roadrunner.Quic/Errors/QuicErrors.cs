namespace Roadrunner.Quic.Errors;

/// <summary>
/// The constant reasons carried by <see cref="QuicError"/> and <see cref="Packets.QuicPacketError"/>, each naming the
/// RFC rule that was broken. Compare a reason with these (reference or ordinal equality) to tell errors apart.
/// </summary>
public static class QuicErrors
{
    // ---- Packet headers (RFC 8999 §5, RFC 9000 §12.2, §17); such packets are discarded ----

    /// <summary>The datagram ends inside a header field.</summary>
    public const string PacketTruncated = "RFC 9000 §17: packet header truncated";

    /// <summary>The Fixed Bit is 0 in a version 1 packet.</summary>
    public const string PacketFixedBitClear = "RFC 9000 §17.2, §17.3.1: Fixed Bit is 0";

    /// <summary>A version 1 long header with a connection ID over 20 bytes.</summary>
    public const string PacketConnectionIdTooLong = "RFC 9000 §17.2: version 1 connection ID longer than 20 bytes";

    /// <summary>The Length field runs past the end of the datagram.</summary>
    public const string PacketLengthPastDatagram = "RFC 9000 §17.2: Length field runs past the end of the datagram";

    /// <summary>The Length field cannot hold a packet number.</summary>
    public const string PacketLengthTooSmall = "RFC 9000 §17.2: Length field too small for a packet number";

    /// <summary>A Version Negotiation packet whose version list is not a whole number of versions.</summary>
    public const string PacketVersionListMalformed = "RFC 9000 §17.2.1: Supported Version list is not a multiple of 32 bits";

    /// <summary>A Retry packet with no room for its token and 16-byte integrity tag.</summary>
    public const string PacketRetryMalformed = "RFC 9000 §17.2.5: Retry packet without a token or a 16-byte integrity tag";

    /// <summary>A coalesced packet for a different connection than the first packet of the datagram.</summary>
    public const string PacketCoalescedConnectionIdMismatch = "RFC 9000 §12.2: coalesced packet with a different Destination Connection ID";

    // ---- Frames (RFC 9000 §12.4, §19) ----

    /// <summary>PROTOCOL_VIOLATION: a packet payload with no frame in it.</summary>
    public const string PacketWithoutFrames = "RFC 9000 §12.4: packet containing no frames";

    /// <summary>FRAME_ENCODING_ERROR: the payload ends inside a frame.</summary>
    public const string FrameTruncated = "RFC 9000 §19: frame truncated";

    /// <summary>FRAME_ENCODING_ERROR: a frame type RFC 9000 does not define.</summary>
    public const string FrameTypeUnknown = "RFC 9000 §12.4: unknown frame type";

    /// <summary>PROTOCOL_VIOLATION: a frame type not encoded in its shortest form.</summary>
    public const string FrameTypeNotMinimal = "RFC 9000 §12.4: frame type not encoded in the shortest form";

    /// <summary>PROTOCOL_VIOLATION: a frame in a packet type Table 3 does not permit it in.</summary>
    public const string FrameNotAllowedInPacketType = "RFC 9000 §12.4: frame type not permitted in this packet type (Table 3)";

    /// <summary>FRAME_ENCODING_ERROR: an ACK range that goes below packet number 0.</summary>
    public const string AckRangeUnderflow = "RFC 9000 §19.3.1: ACK range computes a negative packet number";

    /// <summary>FRAME_ENCODING_ERROR: CRYPTO data past offset 2^62-1.</summary>
    public const string CryptoOffsetTooLarge = "RFC 9000 §19.6: CRYPTO offset plus length exceeds 2^62-1";

    /// <summary>FRAME_ENCODING_ERROR: a NEW_TOKEN frame with an empty token.</summary>
    public const string NewTokenEmpty = "RFC 9000 §19.7: NEW_TOKEN with an empty token";

    /// <summary>FRAME_ENCODING_ERROR: STREAM data past offset 2^62-1.</summary>
    public const string StreamOffsetTooLarge = "RFC 9000 §19.8: STREAM offset plus length exceeds 2^62-1";

    /// <summary>FRAME_ENCODING_ERROR: MAX_STREAMS above 2^60.</summary>
    public const string MaxStreamsTooLarge = "RFC 9000 §19.11: MAX_STREAMS above 2^60";

    /// <summary>FRAME_ENCODING_ERROR: STREAMS_BLOCKED above 2^60.</summary>
    public const string StreamsBlockedTooLarge = "RFC 9000 §19.14: STREAMS_BLOCKED above 2^60";

    /// <summary>FRAME_ENCODING_ERROR: a NEW_CONNECTION_ID length of 0 or over 20.</summary>
    public const string NewConnectionIdLengthInvalid = "RFC 9000 §19.15: NEW_CONNECTION_ID length less than 1 or greater than 20";

    /// <summary>FRAME_ENCODING_ERROR: NEW_CONNECTION_ID Retire Prior To above its Sequence Number.</summary>
    public const string NewConnectionIdRetirePriorToTooLarge = "RFC 9000 §19.15: Retire Prior To greater than Sequence Number";

    // ---- Transport parameters (RFC 9000 §7.3, §7.4, §18): TRANSPORT_PARAMETER_ERROR ----

    /// <summary>A parameter whose identifier, length or value cannot be read, or whose value has the wrong shape.</summary>
    public const string TransportParametersMalformed = "RFC 9000 §18: malformed transport parameter";

    /// <summary>A parameter sent twice.</summary>
    public const string TransportParameterDuplicate = "RFC 9000 §7.4: duplicate transport parameter";

    /// <summary>A client sent a server-only parameter.</summary>
    public const string TransportParameterServerOnly = "RFC 9000 §18.2: server-only transport parameter sent by a client";

    /// <summary>stateless_reset_token not 16 bytes.</summary>
    public const string TransportParameterStatelessResetTokenLength = "RFC 9000 §18.2: stateless_reset_token is not 16 bytes";

    /// <summary>max_udp_payload_size below 1200.</summary>
    public const string TransportParameterMaxUdpPayloadSizeTooSmall = "RFC 9000 §18.2: max_udp_payload_size below 1200";

    /// <summary>initial_max_streams_bidi or initial_max_streams_uni above 2^60.</summary>
    public const string TransportParameterMaxStreamsTooLarge = "RFC 9000 §4.6: initial_max_streams above 2^60";

    /// <summary>ack_delay_exponent above 20.</summary>
    public const string TransportParameterAckDelayExponentTooLarge = "RFC 9000 §18.2: ack_delay_exponent above 20";

    /// <summary>max_ack_delay of 2^14 or more.</summary>
    public const string TransportParameterMaxAckDelayTooLarge = "RFC 9000 §18.2: max_ack_delay of 2^14 or greater";

    /// <summary>active_connection_id_limit below 2.</summary>
    public const string TransportParameterActiveConnectionIdLimitTooSmall = "RFC 9000 §18.2: active_connection_id_limit below 2";

    /// <summary>preferred_address with a connection ID of 0 or more than 20 bytes.</summary>
    public const string TransportParameterPreferredAddressConnectionId = "RFC 9000 §18.2: preferred_address with a zero-length or over-long connection ID";

    /// <summary>initial_source_connection_id absent.</summary>
    public const string TransportParameterInitialSourceMissing = "RFC 9000 §7.3: initial_source_connection_id absent";

    /// <summary>original_destination_connection_id absent from a server's parameters.</summary>
    public const string TransportParameterOriginalDestinationMissing = "RFC 9000 §7.3: original_destination_connection_id absent from the server";
}
