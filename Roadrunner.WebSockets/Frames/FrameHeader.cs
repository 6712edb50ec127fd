using System.Buffers.Binary;

namespace Roadrunner.WebSockets.Frames;

/// <summary>
/// The base framing header (RFC 6455 §5.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// </code>
/// The masking key is kept as the four wire bytes read little-endian: key byte <c>i</c> is <c>(MaskKey &gt;&gt; 8*i) &amp; 0xFF</c>.
/// </summary>
internal readonly record struct FrameHeader(
    bool Fin,
    bool Rsv1,
    bool Rsv2,
    bool Rsv3,
    WebSocketOpcode Opcode,
    bool Masked,
    long PayloadLength,
    uint MaskKey)
{
    /// <summary>Longest header: 2 + 8 (64-bit length) + 4 (masking key).</summary>
    public const int MaxLength = 14;

    /// <summary>Largest payload of a control frame (§5.5: "All control frames MUST have a payload length of 125 bytes or less").</summary>
    public const int MaxControlPayload = 125;

    /// <summary>Reads a header from the start of <paramref name="source"/>.</summary>
    public static FrameHeaderStatus TryRead(ReadOnlySpan<byte> source, out FrameHeader header, out int length)
    {
        header = default;
        length = 0;
        if (source.Length < 2) return FrameHeaderStatus.NeedMoreData;
        byte b0 = source[0], b1 = source[1];
        bool masked = (b1 & 0x80) != 0;
        long payload = b1 & 0x7F;
        int needed = 2 + (masked ? 4 : 0) + payload switch { 126 => 2, 127 => 8, _ => 0 };
        if (source.Length < needed) return FrameHeaderStatus.NeedMoreData;
        int at = 2;
        if (payload == 126)
        {
            payload = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
            at = 4;
        }
        else if (payload == 127)
        {
            ulong wide = BinaryPrimitives.ReadUInt64BigEndian(source[2..]);
            // §5.2: "the most significant bit MUST be 0"
            if ((wide & 0x8000_0000_0000_0000UL) != 0) return FrameHeaderStatus.InvalidLength;
            payload = (long)wide;
            at = 10;
        }
        // §5.2: minimal encoding of the length is not required of the peer ("the minimal number of bytes MUST be
        // used" binds the sender; a receiver gains nothing by refusing a longer form), so 126 with 0x0005 is accepted.
        uint key = masked ? BinaryPrimitives.ReadUInt32LittleEndian(source[at..]) : 0;
        header = new FrameHeader(
            Fin: (b0 & 0x80) != 0,
            Rsv1: (b0 & 0x40) != 0,
            Rsv2: (b0 & 0x20) != 0,
            Rsv3: (b0 & 0x10) != 0,
            Opcode: (WebSocketOpcode)(b0 & 0x0F),
            Masked: masked,
            PayloadLength: payload,
            MaskKey: key);
        length = needed;
        return FrameHeaderStatus.Complete;
    }

    /// <summary>Header length for a payload of <paramref name="payloadLength"/> bytes, with the minimal length encoding.</summary>
    public static int LengthFor(long payloadLength, bool masked) =>
        (payloadLength <= 125 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>
    /// Writes this header with the minimal length encoding (§5.2: "the minimal number of bytes MUST be used to
    /// encode the length") into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns
    /// the bytes written.
    /// </summary>
    public int WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)((Fin ? 0x80 : 0) | (Rsv1 ? 0x40 : 0) | (Rsv2 ? 0x20 : 0) | (Rsv3 ? 0x10 : 0) | ((byte)Opcode & 0x0F));
        byte mask = Masked ? (byte)0x80 : (byte)0;
        int at;
        if (PayloadLength <= 125)
        {
            destination[1] = (byte)(mask | PayloadLength);
            at = 2;
        }
        else if (PayloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(mask | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)PayloadLength);
            at = 4;
        }
        else
        {
            destination[1] = (byte)(mask | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)PayloadLength);
            at = 10;
        }
        if (Masked)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], MaskKey);
            at += 4;
        }
        return at;
    }
}
