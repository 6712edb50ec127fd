using Roadrunner.Http3.Buffers;
using Roadrunner.Http3.Frames;

namespace Roadrunner.Http3.Streams;

/// <summary>A unidirectional stream the peer opened (RFC 9114 §6.2): its type once read, and for the control stream its frame reader.</summary>
internal sealed class UniStream
{
    public UniStream(long id) => Id = id;

    /// <summary>The stream ID.</summary>
    public long Id { get; }

    /// <summary>The stream type, or -1 until it is read.</summary>
    public long Type = -1;

    /// <summary>Reads the stream type and, on the control stream, frames.</summary>
    public FrameReader Reader { get; } = new();

    /// <summary>The payload of a control frame being gathered.</summary>
    public PooledBuffer Payload { get; } = new();

    /// <summary>What is done with the current frame's payload.</summary>
    public FrameMode Mode;

    /// <summary>The control stream's first frame, SETTINGS, has been read.</summary>
    public bool SettingsSeen;
}
