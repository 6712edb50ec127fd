namespace Roadrunner.Http2.Frames;

/// <summary>Splits a byte sequence into whole frames (RFC 9113 §4.1). Used by the connection and by peers in tests.</summary>
public static class Http2FrameReader
{
    /// <summary>
    /// Reads one complete frame from the start of <paramref name="input"/> and moves <paramref name="input"/> past
    /// it. Returns false, leaving <paramref name="input"/> unchanged, when the frame is not complete yet.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySpan<byte> input, out Http2FrameHeader header, out ReadOnlySpan<byte> payload)
    {
        if (input.Length < Http2FrameHeader.Size)
        {
            header = default;
            payload = default;
            return false;
        }

        header = Http2FrameHeader.Read(input);
        if (input.Length - Http2FrameHeader.Size < header.Length)
        {
            payload = default;
            return false;
        }

        payload = input.Slice(Http2FrameHeader.Size, header.Length);
        input = input[(Http2FrameHeader.Size + header.Length)..];
        return true;
    }
}
