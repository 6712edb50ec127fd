using System.Buffers;

namespace Roadrunner.WebSockets.Frames;

/// <summary>
/// Writes whole frames into the caller's <see cref="IBufferWriter{T}"/>: the header, then the payload copied in
/// pieces the writer has room for (so a 10 MB frame needs no 10 MB span), masked on the way when a key is given.
/// </summary>
internal static class FrameWriter
{
    /// <summary>Writes one frame. A masked frame gets <paramref name="maskKey"/>; <paramref name="masked"/> false writes it unmasked.</summary>
    public static void Write(
        IBufferWriter<byte> output,
        WebSocketOpcode opcode,
        bool fin,
        bool rsv1,
        ReadOnlySpan<byte> payload,
        bool masked,
        uint maskKey)
    {
        var header = new FrameHeader(fin, rsv1, false, false, opcode, masked, payload.Length, maskKey);
        int headerLength = FrameHeader.LengthFor(payload.Length, masked);
        // Small frames go out in one span: header and payload together.
        var span = output.GetSpan(payload.Length <= 4096 ? headerLength + payload.Length : FrameHeader.MaxLength);
        header.WriteTo(span);
        if (span.Length - headerLength >= payload.Length)
        {
            var body = span.Slice(headerLength, payload.Length);
            payload.CopyTo(body);
            if (masked) Masking.Apply(body, maskKey, 0);
            output.Advance(headerLength + payload.Length);
            return;
        }
        output.Advance(headerLength);
        long offset = 0;
        while (!payload.IsEmpty)
        {
            var chunk = output.GetSpan(Math.Min(payload.Length, 16 * 1024));
            int n = Math.Min(chunk.Length, payload.Length);
            payload[..n].CopyTo(chunk);
            if (masked) Masking.Apply(chunk[..n], maskKey, offset);
            output.Advance(n);
            payload = payload[n..];
            offset += n;
        }
    }
}
