using System.Buffers;

namespace Roadrunner.Http2;

/// <summary>Bytes out: everything queued since the last write, in order.</summary>
public sealed partial class Http2Connection
{
    /// <summary>True when frames wait to be written.</summary>
    public bool HasPendingOutput => _output.WrittenCount > 0;

    /// <summary>Bytes waiting to be written.</summary>
    public int PendingOutputLength => _output.WrittenCount;

    /// <summary>
    /// The bytes waiting to be written, for a transport that sends from memory without copying; call
    /// <see cref="AdvanceOutput"/> with what was sent. Valid until the next call on the connection.
    /// </summary>
    public ReadOnlyMemory<byte> PendingOutput => _output.WrittenMemory;

    /// <summary>Copies every pending byte into <paramref name="writer"/> and returns how many.</summary>
    public int WritePending(IBufferWriter<byte> writer)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(writer);
        int length = _output.WrittenCount;
        if (length == 0) return 0;
        writer.Write(_output.WrittenSpan);
        _output.Clear();
        WakeBlockedStreams();
        return length;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes of <see cref="PendingOutput"/>, which the transport has sent.</summary>
    public void AdvanceOutput(int count)
    {
        ThrowIfDisposed();
        _output.Consume(count);
        WakeBlockedStreams();
    }
}
