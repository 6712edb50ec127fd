using System.IO.Compression;
using Roadrunner.WebSockets.Buffers;

namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// Compresses outgoing messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE through
/// <see cref="DeflateStream"/>, each piece ended by a sync flush (which closes with an empty stored block
/// <c>00 00 FF FF</c>), and those four octets removed at the end of the message.
/// </summary>
/// <remarks>
/// With context takeover the deflater lives across messages and keeps its LZ77 window (§7.2.1: the window of
/// previous messages may be referenced); with no context takeover it is dropped after each message and a fresh
/// one starts the next. DeflateStream has no reset, so that costs one small allocation per message.
/// </remarks>
internal sealed class MessageCompressor : IDisposable
{
    private readonly PooledByteBuffer _output = new();
    private readonly BufferWriterStream _sink;
    private readonly CompressionLevel _level;
    private readonly bool _noContextTakeover;
    private DeflateStream? _deflater;
    private bool _resetPending;

    /// <summary>Creates a compressor; <paramref name="noContextTakeover"/> starts every message from an empty window.</summary>
    public MessageCompressor(CompressionLevel level, bool noContextTakeover)
    {
        _sink = new BufferWriterStream(_output);
        _level = level;
        _noContextTakeover = noContextTakeover;
    }

    /// <summary>
    /// Compresses the next piece of a message and returns the bytes to send as that frame's payload, valid until
    /// the next call. At the end of the message (<paramref name="endOfMessage"/>) the trailing <c>00 00 FF FF</c>
    /// is removed (§7.2.1 step 4); a piece in the middle keeps it, which the peer inflates as an empty block.
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> data, bool endOfMessage)
    {
        if (_resetPending)
        {
            // Disposing writes a final block; nobody reads it.
            _sink.Discard = true;
            _deflater!.Dispose();
            _deflater = null;
            _sink.Discard = false;
            _resetPending = false;
        }
        _output.Clear();
        _deflater ??= new DeflateStream(_sink, _level, leaveOpen: true);
        if (!data.IsEmpty) _deflater.Write(data);
        // Flush is Z_SYNC_FLUSH: all input so far comes out, ending on a byte boundary with an empty stored block.
        _deflater.Flush();
        if (endOfMessage)
        {
            // §7.2.1: "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end." When nothing was
            // written since the last flush the output is empty, which the peer inflates as an empty message.
            if (_output.WrittenSpan.EndsWith(DeflateTail.Bytes)) _output.Truncate(DeflateTail.Bytes.Length);
            _resetPending = _noContextTakeover;
        }
        return _output.WrittenSpan;
    }

    /// <summary>Releases the deflater and the output buffer.</summary>
    public void Dispose()
    {
        if (_deflater is not null)
        {
            _sink.Discard = true;
            _deflater.Dispose();
            _deflater = null;
        }
        _output.Dispose();
    }
}
