using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Headers;
using Roadrunner.Http3.Streams;

namespace Roadrunner.Http3;

/// <summary>What the application sends: header sections through QPACK, DATA, trailers, resets and GOAWAY (RFC 9114 §4.1, §5.2).</summary>
public sealed partial class Http3Connection
{
    /// <summary>
    /// Server role: sends a response header section (a 1xx interim one, or the final one) on a request stream.
    /// After a final response with <paramref name="endStream"/> while the request is still arriving, reading is
    /// aborted with STOP_SENDING H3_NO_ERROR (§4.1: "The error code H3_NO_ERROR SHOULD be used when requesting that
    /// the client stop sending on the request stream").
    /// </summary>
    /// <param name="streamId">A request stream the application was told about.</param>
    /// <param name="status">The status code, 100 to 999.</param>
    /// <param name="headers">Regular fields; connection-specific fields are dropped (§4.2).</param>
    /// <param name="endStream">No content follows.</param>
    /// <remarks>A stream reset or closed meanwhile (see <see cref="Http3EventKind.StreamError"/>, <see cref="Http3EventKind.StreamReset"/>) is ignored.</remarks>
    /// <exception cref="InvalidOperationException">Not a server, the stream's sending side is finished, or a final response was already sent.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 100 to 999.</exception>
    public void SendHeaders(long streamId, int status, ReadOnlySpan<Http3Header> headers, bool endStream)
    {
        if (Role != Http3Role.Server) throw new InvalidOperationException("Only a server sends responses; use SendRequest.");
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        if (IsClosed) return;
        var stream = SendableStream(streamId);
        if (stream is null) return;
        if (stream.FinalHeaders) throw new InvalidOperationException("The final response header section was already sent.");
        if (status >= 200) stream.FinalHeaders = true;
        else if (endStream) throw new InvalidOperationException("An interim (1xx) response cannot end the stream.");

        Span<byte> digits = [(byte)('0' + (status / 100)), (byte)('0' + (status / 10 % 10)), (byte)('0' + (status % 10))];
        _encoder.BeginSection(streamId);
        _encoder.Encode(":status"u8, digits);
        EncodeFields(headers);
        WriteSection(stream, endStream);
    }

    /// <summary>
    /// Client role: sends a request header section on a bidirectional stream the QUIC layer opened for it; the
    /// response arrives as events on that stream.
    /// </summary>
    /// <param name="streamId">A new client-initiated bidirectional stream (0, 4, 8...).</param>
    /// <param name="method">:method.</param>
    /// <param name="scheme">:scheme; null for CONNECT.</param>
    /// <param name="authority">:authority.</param>
    /// <param name="path">:path; null for CONNECT.</param>
    /// <param name="headers">Regular fields.</param>
    /// <param name="endStream">No content follows.</param>
    /// <exception cref="InvalidOperationException">Not a client, or the stream is already in use.</exception>
    /// <exception cref="ArgumentException">Not a client-initiated bidirectional stream ID.</exception>
    public void SendRequest(long streamId, string method, string? scheme, string authority, string? path, ReadOnlySpan<Http3Header> headers, bool endStream)
    {
        if (Role != Http3Role.Client) throw new InvalidOperationException("Only a client sends requests.");
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(authority);
        if (streamId < 0 || StreamIds.IsUnidirectional(streamId) || !StreamIds.IsClientInitiated(streamId))
            throw new ArgumentException("A request goes on a client-initiated bidirectional stream.", nameof(streamId));
        if (_streams.ContainsKey(streamId)) throw new InvalidOperationException("The stream is already in use.");
        if (IsClosed) return;
        var stream = OpenStream(streamId);

        // RFC 9110 §9.3.2: a response to HEAD carries no content, whatever its content-length says.
        stream.IsHead = method == "HEAD";

        _encoder.BeginSection(streamId);
        _encoder.Encode(":method"u8, Latin1(method));
        if (scheme is not null) _encoder.Encode(":scheme"u8, Latin1(scheme));
        _encoder.Encode(":authority"u8, Latin1(authority));
        if (path is not null) _encoder.Encode(":path"u8, Latin1(path));
        EncodeFields(headers);
        WriteSection(stream, endStream);
    }

    /// <summary>Sends content in one DATA frame (§7.2.1); empty content with <paramref name="endStream"/> just ends the stream.</summary>
    /// <remarks>A stream reset or closed meanwhile is ignored.</remarks>
    /// <exception cref="InvalidOperationException">The stream's sending side is finished, or no final header section was sent on it.</exception>
    public void SendData(long streamId, ReadOnlySpan<byte> data, bool endStream)
    {
        if (IsClosed) return;
        var stream = SendableStream(streamId);
        if (stream is null) return;
        if (Role == Http3Role.Server && !stream.FinalHeaders) throw new InvalidOperationException("Send the final response header section first.");
        PrepareWrite(stream.Send);
        if (!data.IsEmpty)
        {
            FrameWriter.WriteHeader(stream.Send.Buffer, Http3FrameType.Data, data.Length);
            stream.Send.Buffer.Append(data);
        }
        EndSend(stream, endStream);
    }

    /// <summary>Sends a trailer section, which ends the stream (§4.1).</summary>
    /// <remarks>A stream reset or closed meanwhile is ignored.</remarks>
    /// <exception cref="InvalidOperationException">The stream's sending side is finished, or no final header section was sent on it.</exception>
    public void SendTrailers(long streamId, ReadOnlySpan<Http3Header> trailers)
    {
        if (IsClosed) return;
        var stream = SendableStream(streamId);
        if (stream is null) return;
        if (Role == Http3Role.Server && !stream.FinalHeaders) throw new InvalidOperationException("Send the final response header section first.");
        _encoder.BeginSection(streamId);
        EncodeFields(trailers);
        WriteSection(stream, endStream: true);
    }

    /// <summary>
    /// Resets a request stream in both directions with <paramref name="code"/>, e.g. H3_REQUEST_REJECTED for a request
    /// refused before any processing, or H3_REQUEST_CANCELLED for one abandoned (§4.1.1).
    /// </summary>
    public void ResetStream(long streamId, Http3ErrorCode code)
    {
        if (_streams.TryGetValue(streamId, out var stream)) AbandonStream(stream, code);
    }

    /// <summary>
    /// Starts or tightens a graceful shutdown (§5.2). A server sends the first request stream ID it will not process:
    /// by default the one after the highest it has seen; requests on later streams are rejected with
    /// H3_REQUEST_REJECTED. A client sends a push ID (0: we accept no pushes). A later GOAWAY may only lower the
    /// identifier: "An endpoint MAY send multiple GOAWAY frames indicating different identifiers, but the identifier
    /// in each frame MUST NOT be greater than the identifier in any previous frame".
    /// </summary>
    /// <param name="id">The identifier to send, or null for the default.</param>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    /// <exception cref="ArgumentException">A larger identifier than a previous GOAWAY, or (server) not a client-initiated bidirectional stream ID.</exception>
    public void SendGoAway(long? id = null)
    {
        if (_control is null) throw new InvalidOperationException("Start the connection first.");
        if (IsClosed) return;
        long value = id ?? (Role == Http3Role.Server && _highestPeerRequest >= 0 ? _highestPeerRequest + 4 : 0);
        if (id is null && _goAwaySent >= 0) value = Math.Min(value, _goAwaySent);
        if (Role == Http3Role.Server && (value < 0 || StreamIds.IsUnidirectional(value) || !StreamIds.IsClientInitiated(value)))
            throw new ArgumentException("A server's GOAWAY names a client-initiated bidirectional stream.", nameof(id));
        if (_goAwaySent >= 0 && value > _goAwaySent) throw new ArgumentException("A GOAWAY may not raise the identifier of a previous one.", nameof(id));
        _goAwaySent = value;
        PrepareWrite(_control);
        FrameWriter.WriteIdFrame(_control.Buffer, Http3FrameType.GoAway, value);
        QueueData(_control);
    }

    /// <summary>
    /// The stream to send on, or null when it was reset or closed meanwhile (by a stream error found later in the same
    /// input, or by the peer): the application learns that from its event and the send is dropped.
    /// </summary>
    private RequestStream? SendableStream(long streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream) || stream.Send.ResetSent) return null;
        if (stream.Send.Finished || stream.Send.FinPending) throw new InvalidOperationException("The stream's sending side is already finished.");
        return stream;
    }

    private void EncodeFields(ReadOnlySpan<Http3Header> headers)
    {
        foreach (var header in headers)
        {
            // §4.2: "An endpoint MUST NOT generate an HTTP/3 field section containing connection-specific fields".
            if (FieldRules.IsConnectionSpecific(header.Name.Span)) continue;
            _encoder.Encode(header.Name.Span, header.Value.Span, header.NeverIndex);
        }
    }

    /// <summary>Ends the open QPACK section into a HEADERS frame on the stream, with the encoder-stream inserts it needs.</summary>
    private void WriteSection(RequestStream stream, bool endStream)
    {
        _sectionScratch.Clear();
        _encoder.EndSection(_sectionScratch);
        FlushEncoderStream();
        PrepareWrite(stream.Send);
        FrameWriter.WriteFrame(stream.Send.Buffer, Http3FrameType.Headers, _sectionScratch.WrittenSpan);
        EndSend(stream, endStream);
    }

    private void EndSend(RequestStream stream, bool endStream)
    {
        if (endStream)
        {
            stream.Send.FinPending = true;
            if (Role == Http3Role.Server && !stream.ReceiveDone)
            {
                // The response is complete before the request: the rest of it is not needed.
                stream.ReceiveDone = true;
                if (stream.Blocked) CancelQpackIfBlocked(stream);
                if (!stream.PeerFinished) QueueAction(Http3OutputKind.StopSending, stream.Id, Http3ErrorCode.H3_NO_ERROR);
            }
        }
        QueueData(stream.Send);
        if (endStream) RetireIfDone(stream);
    }

    private void CancelQpackIfBlocked(RequestStream stream)
    {
        _decoder.CancelStream(stream.Id);
        stream.Blocked = false;
        FlushDecoderStream();
    }

    private static byte[] Latin1(string value) => System.Text.Encoding.Latin1.GetBytes(value);
}
