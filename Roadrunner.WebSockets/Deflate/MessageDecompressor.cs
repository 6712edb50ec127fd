using System.IO.Compression;
using Roadrunner.WebSockets.Buffers;

namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// Inflates received messages for permessage-deflate (RFC 7692 §7.2.2): each frame's payload is inflated as it
/// completes, and at the end of the message the stripped <c>00 00 FF FF</c> is appended back. Output is bounded:
/// inflation stops one byte past the limit, so a small "zip bomb" frame never grows beyond the message limit.
/// </summary>
/// <remarks>
/// <para>
/// One inflater lives across messages and keeps its window: §7.2.2 requires it with context takeover, and with
/// no context takeover the peer's messages never reference earlier ones, so the kept window is harmless and
/// saves creating an inflater per message.
/// </para>
/// <para>
/// A peer may end a message with a final block (BFINAL = 1, §7.2.3.4). The inflater then stops reading input;
/// bytes after the final block in that message are ignored, and the next message starts a fresh inflater
/// (DeflateStream cannot carry the old window into a new stream, so a peer that ends messages with BFINAL and
/// also keeps its context is not supported — zlib-based peers reset their deflater after a final block anyway).
/// </para>
/// </remarks>
internal sealed class MessageDecompressor : IDisposable
{
    private readonly InputFeedStream _input = new();
    private DeflateStream? _inflater;
    private bool _finished;        // the inflater saw a final block and reads no more
    private bool _messageHasInput; // the inflater took some of this message's bytes

    /// <summary>
    /// Inflates one frame's <paramref name="payload"/> (and the tail, at the end of the message) into
    /// <paramref name="output"/>, producing at most <paramref name="limit"/> bytes for this call.
    /// </summary>
    public InflateStatus Inflate(ReadOnlyMemory<byte> payload, bool startOfMessage, bool endOfMessage, PooledByteBuffer output, long limit)
    {
        try
        {
            if (startOfMessage)
            {
                _messageHasInput = false;
                if (_finished) Reset();
            }
            long produced = 0;
            var status = Run(payload, output, limit, ref produced, out bool consumed);
            if (status == InflateStatus.Ok && !consumed && !payload.IsEmpty && _finished && !_messageHasInput)
            {
                // The previous message ended with a final block, found only now that this message's first input
                // was refused: start a new stream and inflate it again.
                Reset();
                status = Run(payload, output, limit, ref produced, out consumed);
            }
            _messageHasInput |= consumed;
            if (status == InflateStatus.Ok && endOfMessage && !_finished)
            {
                // §7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message."
                status = Run(DeflateTail.Memory, output, limit, ref produced, out _);
            }
            return status;
        }
        catch (InvalidDataException)
        {
            return InflateStatus.Invalid;
        }
        catch (IOException)
        {
            return InflateStatus.Invalid;
        }
    }

    private InflateStatus Run(ReadOnlyMemory<byte> input, PooledByteBuffer output, long limit, ref long produced, out bool consumed)
    {
        _inflater ??= new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _input.Set(input);
        consumed = false;
        while (true)
        {
            // Room for what may still come, plus one byte to notice going past the limit.
            long allowed = limit - produced + 1;
            var span = output.GetSpan((int)Math.Min(allowed, Math.Max(4096, output.Length)));
            if (span.Length > allowed) span = span[..(int)allowed];
            int n = _inflater.Read(span);
            if (n == 0) break;
            output.Advance(n);
            produced += n;
            if (produced > limit)
            {
                consumed = true;
                return InflateStatus.TooBig;
            }
        }
        consumed = _input.Remaining < input.Length;
        if (_input.Remaining > 0)
        {
            // The inflater stopped asking for input with some left: it has seen a final block. What follows it in
            // this message is dropped.
            _finished = true;
            _input.Set(default);
        }
        return InflateStatus.Ok;
    }

    private void Reset()
    {
        _inflater?.Dispose();
        _inflater = null;
        _finished = false;
    }

    /// <summary>Releases the inflater.</summary>
    public void Dispose() => Reset();
}
