namespace Roadrunner.WebSockets.Frames;

/// <summary>Outcome of reading a frame header.</summary>
internal enum FrameHeaderStatus : byte
{
    /// <summary>The header was read; its length is reported.</summary>
    Complete,
    /// <summary>The header is not complete yet.</summary>
    NeedMoreData,
    /// <summary>The 64-bit payload length has its most significant bit set (RFC 6455 §5.2); the stream cannot be framed further.</summary>
    InvalidLength,
}
