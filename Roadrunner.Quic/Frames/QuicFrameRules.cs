using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.Frames;

/// <summary>
/// The per-type columns of RFC 9000 §12.4 Table 3: in which packet types a frame may appear, and whether it elicits an
/// acknowledgment or may be sent on a path being probed. A frame type not in the table is unknown.
/// </summary>
public static class QuicFrameRules
{
    // Table 3 "Pkts" column: I = Initial, H = Handshake, 0 = 0-RTT, 1 = 1-RTT.
    private const byte I = 1, H = 2, Z = 4, O = 8;

    // "Spec" column: N = not ack-eliciting, P = probing.
    private const byte N = 1, P = 2;

    // Indexed by frame type 0x00..0x1e.
    private static ReadOnlySpan<byte> Packets =>
    [
        I | H | Z | O, // 0x00 PADDING           IH01
        I | H | Z | O, // 0x01 PING              IH01
        I | H | O,     // 0x02 ACK               IH_1
        I | H | O,     // 0x03 ACK (ECN)         IH_1
        Z | O,         // 0x04 RESET_STREAM      __01
        Z | O,         // 0x05 STOP_SENDING      __01
        I | H | O,     // 0x06 CRYPTO            IH_1
        O,             // 0x07 NEW_TOKEN         ___1
        Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, // 0x08-0x0f STREAM __01
        Z | O,         // 0x10 MAX_DATA          __01
        Z | O,         // 0x11 MAX_STREAM_DATA   __01
        Z | O,         // 0x12 MAX_STREAMS       __01
        Z | O,         // 0x13 MAX_STREAMS       __01
        Z | O,         // 0x14 DATA_BLOCKED      __01
        Z | O,         // 0x15 STREAM_DATA_BLOCKED __01
        Z | O,         // 0x16 STREAMS_BLOCKED   __01
        Z | O,         // 0x17 STREAMS_BLOCKED   __01
        Z | O,         // 0x18 NEW_CONNECTION_ID __01
        Z | O,         // 0x19 RETIRE_CONNECTION_ID __01
        Z | O,         // 0x1a PATH_CHALLENGE    __01
        O,             // 0x1b PATH_RESPONSE     ___1
        I | H | Z | O, // 0x1c CONNECTION_CLOSE  ih01: "Only a CONNECTION_CLOSE frame of type 0x1c can appear in Initial or Handshake packets."
        Z | O,         // 0x1d CONNECTION_CLOSE  ih01, application variant
        O,             // 0x1e HANDSHAKE_DONE    ___1
    ];

    private static ReadOnlySpan<byte> Spec =>
    [
        N | P, 0, N, N, 0, 0, 0, 0, // 0x00-0x07
        0, 0, 0, 0, 0, 0, 0, 0,     // 0x08-0x0f
        0, 0, 0, 0, 0, 0, 0, 0,     // 0x10-0x17
        P, 0, P, P, N, N, 0,        // 0x18-0x1e
    ];

    /// <summary>The largest frame type RFC 9000 defines.</summary>
    public const ulong MaxKnownType = 0x1e;

    /// <summary>True when <paramref name="frameType"/> (a raw wire value) is defined by RFC 9000.</summary>
    public static bool IsKnown(ulong frameType) => frameType <= MaxKnownType;

    /// <summary>
    /// True when a frame of raw type <paramref name="frameType"/> may appear in a packet of <paramref name="packetType"/>
    /// (§12.4: "An endpoint MUST treat receipt of a frame in a packet type that is not permitted as a connection error
    /// of type PROTOCOL_VIOLATION"). Unknown types are never allowed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="packetType"/> is a packet type that carries no frames.</exception>
    public static bool IsAllowed(ulong frameType, QuicPacketType packetType)
    {
        byte column = packetType switch
        {
            QuicPacketType.Initial => I,
            QuicPacketType.Handshake => H,
            QuicPacketType.ZeroRtt => Z,
            QuicPacketType.OneRtt => O,
            _ => throw new ArgumentOutOfRangeException(nameof(packetType), packetType, "Only Initial, 0-RTT, Handshake and 1-RTT packets carry frames."),
        };
        return IsKnown(frameType) && (Packets[(int)frameType] & column) != 0;
    }

    /// <summary>
    /// True for frames that elicit an acknowledgment: every type but ACK, PADDING and CONNECTION_CLOSE (Table 3 "N";
    /// §13.2.1).
    /// </summary>
    public static bool IsAckEliciting(ulong frameType) => IsKnown(frameType) && (Spec[(int)frameType] & N) == 0;

    /// <summary>True for probing frames: PADDING, NEW_CONNECTION_ID, PATH_CHALLENGE and PATH_RESPONSE (Table 3 "P"; §9.1).</summary>
    public static bool IsProbing(ulong frameType) => IsKnown(frameType) && (Spec[(int)frameType] & P) != 0;
}
