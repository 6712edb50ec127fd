using System.Buffers;

namespace Roadrunner.Http3.Frames;

/// <summary>Writes HTTP/3 frames (RFC 9114 §7.2) into a buffer.</summary>
internal static class FrameWriter
{
    /// <summary>Writes a frame header: Type (i), Length (i).</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, long type, long length)
    {
        var span = writer.GetSpan(2 * VarInt.MaxLength);
        int written = VarInt.Write(span, type);
        written += VarInt.Write(span[written..], length);
        writer.Advance(written);
    }

    /// <summary>Writes one variable-length integer.</summary>
    public static void WriteVarInt(IBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(VarInt.MaxLength);
        writer.Advance(VarInt.Write(span, value));
    }

    /// <summary>Writes a whole frame whose payload is given.</summary>
    public static void WriteFrame(IBufferWriter<byte> writer, long type, ReadOnlySpan<byte> payload)
    {
        WriteHeader(writer, type, payload.Length);
        writer.Write(payload);
    }

    /// <summary>
    /// §7.2.4 SETTINGS, the identifiers and values given in pairs.
    /// <code>
    /// Setting {
    ///   Identifier (i),
    ///   Value (i),
    /// }
    ///
    /// SETTINGS Frame {
    ///   Type (i) = 0x04,
    ///   Length (i),
    ///   Setting (..) ...,
    /// }
    /// </code>
    /// </summary>
    public static void WriteSettings(IBufferWriter<byte> writer, ReadOnlySpan<(long Id, long Value)> settings)
    {
        long length = 0;
        foreach (var (id, value) in settings) length += VarInt.LengthOf(id) + VarInt.LengthOf(value);
        WriteHeader(writer, Http3FrameType.Settings, length);
        foreach (var (id, value) in settings)
        {
            WriteVarInt(writer, id);
            WriteVarInt(writer, value);
        }
    }

    /// <summary>A frame whose payload is one integer: GOAWAY (§7.2.6), MAX_PUSH_ID (§7.2.7), CANCEL_PUSH (§7.2.3).</summary>
    public static void WriteIdFrame(IBufferWriter<byte> writer, long type, long id)
    {
        WriteHeader(writer, type, VarInt.LengthOf(id));
        WriteVarInt(writer, id);
    }
}
