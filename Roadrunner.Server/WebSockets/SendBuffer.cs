using System.Buffers;
using Roadrunner.Server.Buffers;

namespace Roadrunner.Server.WebSockets;

/// <summary>
/// Where a session writes its frames: two pooled buffers, one filling while the other is on its way to the
/// transport, so senders never wait for a write to append and a write never copies.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;

    /// <summary>A buffer grown past this by a large message is given back once it is sent.</summary>
    private const int KeptSize = 256 * 1024;

    private PooledBufferWriter _filling = new(InitialSize);
    private PooledBufferWriter _sending = new(InitialSize);

    /// <summary>Bytes written and not yet handed out by <see cref="TakeFilled"/>.</summary>
    public int Pending => _filling.WrittenCount;

    public void Advance(int count) => _filling.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _filling.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _filling.GetSpan(sizeHint);

    /// <summary>
    /// Hands out what was written, to be sent, and starts filling the other buffer. The caller owns the returned
    /// bytes until <see cref="Sent"/>; only one may be out at a time.
    /// </summary>
    public ReadOnlyMemory<byte> TakeFilled()
    {
        (_filling, _sending) = (_sending, _filling);
        return _sending.WrittenMemory;
    }

    /// <summary>The bytes from <see cref="TakeFilled"/> are on the wire (or given up): the buffer is free again.</summary>
    public void Sent()
    {
        if (_sending.FreeCapacity + _sending.WrittenCount > KeptSize)
        {
            _sending.Dispose();
            _sending = new PooledBufferWriter(InitialSize);
            return;
        }

        _sending.Clear();
    }

    public void Dispose()
    {
        _filling.Dispose();
        _sending.Dispose();
    }
}
