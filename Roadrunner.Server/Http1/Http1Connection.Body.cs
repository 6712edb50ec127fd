using System.Buffers;
using System.Runtime.CompilerServices;
using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Writing;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Http1;

internal sealed partial class Http1Connection
{
    private const int EndOfStream = -2;
    private const int InvalidBody = -1;

    /// <summary>
    /// Copies the next body bytes into <paramref name="destination"/>: 0 at the end of the body,
    /// <see cref="InvalidBody"/> when the framing is bad (see <see cref="_bodyError"/>), <see cref="EndOfStream"/>
    /// when the client went away mid-body.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadBodyCoreAsync(Memory<byte> destination)
    {
        while (true)
        {
            if (_pendingDataLength > 0)
            {
                var n = Math.Min(_pendingDataLength, destination.Length);
                _in.AsSpan(_pendingDataStart, n).CopyTo(destination.Span);
                _pendingDataStart += n;
                _pendingDataLength -= n;
                return n;
            }

            if (_bodyComplete) return 0;
            if (!_bodyError.IsNone) return InvalidBody;
            var status = _decoder.Decode(_in.AsSpan(_inStart, _inEnd - _inStart), out var consumed, out var offset, out var length, out var error);
            switch (status)
            {
                case BodyDecodeStatus.Data:
                    _pendingDataStart = _inStart + offset;
                    _pendingDataLength = length;
                    _inStart += consumed;
                    continue;
                case BodyDecodeStatus.Complete:
                    _inStart += consumed;
                    _bodyComplete = true;
                    return 0;
                case BodyDecodeStatus.Error:
                    _bodyError = error;
                    return InvalidBody;
            }

            _inStart += consumed;
            if (_expectContinue && !_continueSent)
            {
                // RFC 9110 §10.1.1: the client waits for this before it sends the body.
                _continueSent = true;
                _out.Write(Http1ResponseWriter.Continue100);
                await FlushAsync();
            }

            if (!await ReadMoreAsync()) return EndOfStream;
        }
    }

    /// <summary>Reads the whole body into a pooled array (auto mode); its length, or a negative failure code.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadWholeBodyAsync()
    {
        var declared = _head.Framing == BodyFraming.ContentLength ? _head.ContentLength : -1;
        // The parser has already refused a declared length over the limit (413), so this fits an int.
        var capacity = declared >= 0 ? (int)declared : 16 * 1024;
        _autoBody = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        var total = 0;
        while (true)
        {
            if (total == _autoBody.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_autoBody.Length * 2, Listener.Http1Options.MaxContentLength + 1));
                _autoBody.AsSpan(0, total).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_autoBody);
                _autoBody = bigger;
            }

            var n = await ReadBodyCoreAsync(_autoBody.AsMemory(total));
            if (n < 0) return n;
            if (n == 0) return total;
            total += n;
        }
    }

    /// <summary>Answers a body that could not be read (400 or 413), or just closes when the client left.</summary>
    private async ValueTask<bool> FailBodyAsync()
    {
        ReturnAutoBody();
        if (_bodyError.IsNone)
        {
            CloseReason = "client";
            return false;
        }

        CloseReason = "bad_request";
        if (TryEnterPhase(ConnectionPhase.Handling)) await SendErrorAndCloseAsync(_bodyError.StatusCode);
        return false;
    }

    /// <summary>Reads and discards what the handler left of the body, so the next request can be read.</summary>
    private async ValueTask<bool> DrainUnreadBodyAsync()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            if (!TryEnterPhase(ConnectionPhase.ReadingBody)) return false;
            long drained = 0;
            while (drained <= Listener.Options.MaxDrainBodyBytes)
            {
                var n = await ReadBodyCoreAsync(scratch);
                if (n == 0) return true;
                if (n < 0) return false;
                drained += n;
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The body as a manual-mode handler reads it.</summary>
    private sealed class BodySource(Http1Connection connection) : RequestBodySource
    {
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            var c = connection;
            if (destination.IsEmpty) return 0;
            var waiting = c._pendingDataLength == 0 && !c._bodyComplete;
            if (waiting && !c.TryEnterPhase(ConnectionPhase.ReadingBody)) throw new RequestBodyException(0, "The connection closed.");
            int n;
            try
            {
                n = await c.ReadBodyCoreAsync(destination);
            }
            finally
            {
                if (waiting) c.TryEnterPhase(ConnectionPhase.Handling);
            }

            return n switch
            {
                InvalidBody => throw new RequestBodyException(c._bodyError.StatusCode, c._bodyError.Reason),
                EndOfStream => throw new RequestBodyException(0, "The client closed the connection before the end of the body."),
                _ => n,
            };
        }
    }
}
