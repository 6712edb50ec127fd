using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Headers;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>
/// What the application sends: responses (server), requests (client), content, trailers and resets. Sends on a stream
/// the peer reset or after the connection closed are dropped quietly (the event saying so may still be unread);
/// sends that break the §5.1 state machine (after END_STREAM, before headers) are misuse and throw.
/// </summary>
public sealed partial class Http2Connection
{
    /// <summary>
    /// Server role: sends a response header section. Interim responses (1xx) may come first, then one final
    /// response. With <paramref name="endStream"/> the response has no content.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 100–999, or is 101 (RFC 9113 §8.6: no Upgrade in HTTP/2).</exception>
    /// <exception cref="ArgumentException">An interim response with <paramref name="endStream"/>, or an invalid field.</exception>
    /// <exception cref="InvalidOperationException">Not a server, the stream is not open, or its final response was sent.</exception>
    public void SendHeaders(int streamId, int status, ReadOnlySpan<Http2Header> headers, bool endStream)
    {
        ThrowIfDisposed();
        if (Role != Http2Role.Server) throw new InvalidOperationException("Only a server sends responses; a client uses SendRequest.");
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        if (status == 101) throw new ArgumentOutOfRangeException(nameof(status), status, "RFC 9113 §8.6: HTTP/2 removes support for the 101 (Switching Protocols) status code.");
        bool interim = status < 200;
        if (interim && endStream) throw new ArgumentException("An interim (1xx) response cannot end the stream.", nameof(endStream));
        foreach (var header in headers) OutboundFields.Validate(header);

        var stream = WritableStream(streamId);
        if (stream is null) return;
        if (stream.FinalHeadersSent) throw new InvalidOperationException($"Stream {streamId} already has its final response; use SendTrailers to end it with fields.");

        _blockScratch.Clear();
        _encoder.BeginBlock(_blockScratch);
        _encoder.EncodeStatus(_blockScratch, status);
        foreach (var header in headers) OutboundFields.Encode(_encoder, _blockScratch, header);
        WriteFieldBlock(streamId, _blockScratch.WrittenSpan, endStream);
        _blockScratch.Clear();

        if (!interim) stream.FinalHeadersSent = true;
        Apply(stream, StreamTransition.SendHeaders);
        if (endStream) EndLocalSide(stream);
    }

    /// <summary>
    /// Client role: opens a stream with a request and returns its identifier (odd, increasing).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not a client, the connection is closed or going away, or the peer's stream limit is reached.</exception>
    public int SendRequest(string method, string scheme, string authority, string path, ReadOnlySpan<Http2Header> headers, bool endStream)
    {
        ThrowIfDisposed();
        if (Role != Http2Role.Client) throw new InvalidOperationException("Only a client sends requests.");
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (_closed || _peerSentGoAway) throw new InvalidOperationException("The connection is closed or going away.");
        if ((uint)_streams.Count >= _peerSettings.MaxConcurrentStreams) throw new InvalidOperationException("The peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached.");
        foreach (string? value in (ReadOnlySpan<string?>)[method, scheme, authority, path]) ValidatePseudo(value);
        foreach (var header in headers) OutboundFields.Validate(header);

        int streamId = _nextLocalStreamId;
        _nextLocalStreamId += 2;
        var stream = RentStream(streamId);

        _blockScratch.Clear();
        _encoder.BeginBlock(_blockScratch);
        EncodePseudo(":method"u8, method);
        if (!string.IsNullOrEmpty(scheme)) EncodePseudo(":scheme"u8, scheme);
        if (!string.IsNullOrEmpty(authority)) EncodePseudo(":authority"u8, authority);
        if (!string.IsNullOrEmpty(path)) EncodePseudo(":path"u8, path);
        foreach (var header in headers) OutboundFields.Encode(_encoder, _blockScratch, header);
        WriteFieldBlock(streamId, _blockScratch.WrittenSpan, endStream);
        _blockScratch.Clear();

        stream.FinalHeadersSent = true;
        Apply(stream, StreamTransition.SendHeaders);
        if (endStream) EndLocalSide(stream);
        return streamId;
    }

    /// <summary>
    /// Sends content, as much as flow control and <see cref="Http2Options.MaxPendingOutput"/> allow, in DATA frames no
    /// larger than the peer's SETTINGS_MAX_FRAME_SIZE. Returns how many bytes were taken; when fewer than offered,
    /// <see cref="Http2EventKind.WindowAvailable"/> reports when to offer the rest. <paramref name="endStream"/> takes
    /// effect only when everything was taken. On a stream the peer reset, or a closed connection, the data is dropped
    /// and reported as taken.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream's headers were not sent yet, or its side was already ended.</exception>
    public int SendData(int streamId, ReadOnlySpan<byte> data, bool endStream)
    {
        ThrowIfDisposed();
        var stream = WritableStream(streamId);
        if (stream is null) return data.Length;
        if (!stream.FinalHeadersSent) throw new InvalidOperationException($"Stream {streamId} has no headers sent yet.");

        // RFC 9113 §6.9.1: "A sender MUST NOT send a flow-controlled frame with a length that exceeds the space
        // available in either of the flow-control windows advertised by the receiver."
        int accepted = Math.Min(data.Length, SendCapacity(stream));
        bool end = endStream && accepted == data.Length;
        int maxFrame = _peerSettings.MaxFrameSize;
        int offset = 0;
        do
        {
            int chunk = Math.Min(accepted - offset, maxFrame);
            bool last = offset + chunk == accepted;
            if (chunk > 0 || (last && end)) Http2DataFrame.Write(_output, streamId, data.Slice(offset, chunk), last && end);
            offset += chunk;
        }
        while (offset < accepted);

        _sendWindow -= accepted;
        stream.SendWindow -= accepted;
        if (accepted < data.Length) MarkBlocked(stream);
        if (end) EndLocalSide(stream);
        return accepted;
    }

    /// <summary>Ends the stream with a trailer section (no pseudo-header fields).</summary>
    /// <exception cref="ArgumentException">An invalid field.</exception>
    /// <exception cref="InvalidOperationException">The stream's headers were not sent yet, or its side was already ended.</exception>
    public void SendTrailers(int streamId, ReadOnlySpan<Http2Header> trailers)
    {
        ThrowIfDisposed();
        foreach (var header in trailers) OutboundFields.Validate(header);
        var stream = WritableStream(streamId);
        if (stream is null) return;
        if (!stream.FinalHeadersSent) throw new InvalidOperationException($"Stream {streamId} has no headers sent yet.");

        _blockScratch.Clear();
        _encoder.BeginBlock(_blockScratch);
        foreach (var header in trailers) OutboundFields.Encode(_encoder, _blockScratch, header);
        WriteFieldBlock(streamId, _blockScratch.WrittenSpan, endStream: true);
        _blockScratch.Clear();
        EndLocalSide(stream);
    }

    /// <summary>
    /// Resets a stream with RST_STREAM (RFC 9113 §6.4), e.g. CANCEL when the application gives up, or NO_ERROR after
    /// a complete response to stop an unfinished request (§8.1). Does nothing on a closed stream.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is idle (§6.4: "RST_STREAM frames MUST NOT be sent for a stream in the "idle" state").</exception>
    public void ResetStream(int streamId, Http2ErrorCode code)
    {
        ThrowIfDisposed();
        if (_closed) return;
        var condition = Classify(streamId, out var stream);
        if (condition == StreamCondition.Idle) throw new InvalidOperationException($"Stream {streamId} is idle.");
        if (stream is null) return;
        Http2RstStreamFrame.Write(_output, streamId, code);
        Apply(stream, StreamTransition.SendReset);
    }

    /// <summary>The live stream to send on; null when the send is to be dropped; throws when the stream cannot send.</summary>
    private Http2Stream? WritableStream(int streamId)
    {
        if (_closed) return null;
        var condition = Classify(streamId, out var stream);
        if (stream is null)
        {
            if (condition == StreamCondition.Idle) throw new InvalidOperationException($"Stream {streamId} is idle.");
            return null;
        }

        // RFC 9113 §5.1 half-closed (local): "A stream that is in the "half-closed (local)" state cannot be used for
        // sending frames other than WINDOW_UPDATE, PRIORITY, and RST_STREAM."
        if (stream.State == Http2StreamState.HalfClosedLocal) throw new InvalidOperationException($"Stream {streamId} was already ended by this side.");
        return stream;
    }

    private void EndLocalSide(Http2Stream stream)
    {
        bool rejected = stream.Rejected;
        Apply(stream, StreamTransition.SendEndStream);
        if (rejected && stream.State == Http2StreamState.HalfClosedLocal)
        {
            // RFC 9113 §8.1: "A server can send a complete response prior to the client sending an entire request
            // ... a server MAY request that the client abort transmission of a request without error by sending a
            // RST_STREAM with an error code of NO_ERROR after sending a complete response". Done for requests whose
            // content is discarded anyway.
            Http2RstStreamFrame.Write(_output, stream.Id, Http2ErrorCode.NO_ERROR);
            Apply(stream, StreamTransition.SendReset);
        }
    }

    /// <summary>Writes a field block as one HEADERS frame and as many CONTINUATION frames as the peer's frame size needs.</summary>
    private void WriteFieldBlock(int streamId, ReadOnlySpan<byte> block, bool endStream)
    {
        int maxFrame = _peerSettings.MaxFrameSize;
        int first = Math.Min(block.Length, maxFrame);
        Http2HeadersFrame.Write(_output, streamId, block[..first], endStream, endHeaders: first == block.Length);
        block = block[first..];
        while (!block.IsEmpty)
        {
            int chunk = Math.Min(block.Length, maxFrame);
            Http2ContinuationFrame.Write(_output, streamId, block[..chunk], endHeaders: chunk == block.Length);
            block = block[chunk..];
        }
    }

    private static void ValidatePseudo(string? value)
    {
        foreach (char c in value ?? "")
        {
            if (c > 0xFF || c is '\0' or '\r' or '\n') throw new ArgumentException($"Pseudo-header field value '{value}' is invalid.", nameof(value));
        }
    }

    private void EncodePseudo(ReadOnlySpan<byte> name, string value)
    {
        Span<byte> bytes = value.Length <= 1024 ? stackalloc byte[value.Length] : new byte[value.Length];
        for (int i = 0; i < value.Length; i++) bytes[i] = (byte)value[i];
        _encoder.Encode(_blockScratch, name, bytes);
    }
}
