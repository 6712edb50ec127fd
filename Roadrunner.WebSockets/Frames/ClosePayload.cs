using System.Buffers.Binary;

namespace Roadrunner.WebSockets.Frames;

/// <summary>
/// The body of a Close frame (RFC 6455 §5.5.1): empty, or a 2-byte big-endian status code followed by a UTF-8
/// reason. Also the rules for which status codes may travel on the wire (§7.4.1, §7.4.2).
/// </summary>
internal static class ClosePayload
{
    /// <summary>Longest reason that fits a control frame: 125 - 2 bytes of code.</summary>
    public const int MaxReasonBytes = FrameHeader.MaxControlPayload - 2;

    /// <summary>Outcome of reading a received Close payload.</summary>
    public enum Status : byte
    {
        /// <summary>Valid; the code may be absent (empty payload).</summary>
        Valid,
        /// <summary>§5.5.1: a body must start with a 2-byte code, so a 1-byte body is a protocol error (1002).</summary>
        OneByte,
        /// <summary>§7.4.1/§7.4.2: a code that may not be sent (1004–1006, 1015, below 1000, 1016–2999, 5000 and up): 1002.</summary>
        InvalidCode,
        /// <summary>§5.5.1: "the data MAY contain a reason ... [which] is UTF-8-encoded": invalid UTF-8 is 1007 (§8.1).</summary>
        InvalidReason,
    }

    /// <summary>
    /// Whether <paramref name="code"/> may appear in a Close frame: 1000–1003 and 1007–1011 (§7.4.1), the
    /// IANA-registered 1012–1014, and 3000–4999 (§7.4.2). 1004 is reserved, and 1005, 1006 and 1015 "MUST NOT
    /// be set as a status code in a Close control frame by an endpoint".
    /// </summary>
    public static bool IsValidOnWire(int code) => code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;

    /// <summary>Reads a received Close payload.</summary>
    public static Status Read(ReadOnlySpan<byte> payload, out WebSocketCloseCode code, out ReadOnlySpan<byte> reason)
    {
        code = WebSocketCloseCode.NoStatusReceived;
        reason = default;
        if (payload.IsEmpty) return Status.Valid;
        if (payload.Length == 1) return Status.OneByte;
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidOnWire(value)) return Status.InvalidCode;
        code = (WebSocketCloseCode)value;
        reason = payload[2..];
        return System.Text.Unicode.Utf8.IsValid(reason) ? Status.Valid : Status.InvalidReason;
    }

    /// <summary>Writes a Close body (code and reason) into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, WebSocketCloseCode code, ReadOnlySpan<byte> reason)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)code);
        reason.CopyTo(destination[2..]);
        return 2 + reason.Length;
    }
}
