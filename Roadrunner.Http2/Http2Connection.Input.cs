using System.Buffers;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>Bytes in: the client preface, frame boundaries across reads, and dispatch to one handler per frame type.</summary>
public sealed partial class Http2Connection
{
    private int _prefaceRemaining;
    private bool _peerSettingsSeen;
    private byte[]? _partial;
    private int _partialLength;

    /// <summary>
    /// Feeds bytes read from the transport. Complete frames are processed at once (events queued, answers such as
    /// SETTINGS and PING acknowledgments queued as output); a partial frame is kept, in a pooled buffer bounded by
    /// <see cref="Http2Options.MaxFrameSize"/>, until the rest arrives.
    /// </summary>
    /// <param name="data">The bytes; borrowed for the call only.</param>
    /// <param name="now">The current timestamp, for the flood counters.</param>
    /// <returns>False once the connection is closed: write the pending output (the GOAWAY), then close the transport.</returns>
    public bool Receive(ReadOnlySpan<byte> data, long now)
    {
        ThrowIfDisposed();
        if (_closed) return false;
        _now = now;

        // Memory of events already read may be reused now (see the class remarks).
        if (_events.Count == 0)
        {
            _headers.Reset();
            _arena.Reset();
        }

        if (_prefaceRemaining > 0 && !ReadPreface(ref data)) return !_closed;

        while (!_closed)
        {
            if (_partialLength > 0)
            {
                if (!CompletePartialFrame(ref data)) break;
                continue;
            }

            if (data.Length < Http2FrameHeader.Size)
            {
                if (!data.IsEmpty) Stash(data, Http2FrameHeader.Size);
                break;
            }

            var header = Http2FrameHeader.Read(data);
            if (!CheckFrameHeader(header)) break;
            int frameLength = Http2FrameHeader.Size + header.Length;
            if (data.Length < frameLength)
            {
                Stash(data, frameLength);
                break;
            }

            ProcessFrame(header, data.Slice(Http2FrameHeader.Size, header.Length));
            data = data[frameLength..];
        }

        if (_closed) ReleasePartial();
        return !_closed;
    }

    /// <summary>Matches the 24-octet client preface, possibly across reads; false while more is needed or on mismatch.</summary>
    private bool ReadPreface(ref ReadOnlySpan<byte> data)
    {
        int offset = Http2Preface.Length - _prefaceRemaining;
        int take = Math.Min(_prefaceRemaining, data.Length);
        if (!data[..take].SequenceEqual(Http2Preface.Bytes.Slice(offset, take)))
        {
            // RFC 9113 §3.4: "Clients and servers MUST treat an invalid connection preface as a connection error
            // (Section 5.4.1) of type PROTOCOL_ERROR."
            ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PrefaceInvalid);
            return false;
        }

        _prefaceRemaining -= take;
        data = data[take..];
        return _prefaceRemaining == 0;
    }

    /// <summary>Checks what the nine header octets alone decide, before the payload is waited for.</summary>
    private bool CheckFrameHeader(in Http2FrameHeader header)
    {
        if (header.Length > _options.MaxFrameSize)
        {
            // RFC 9113 §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame exceeds the size
            // defined in SETTINGS_MAX_FRAME_SIZE". Every such frame is a connection error here: the payload is never
            // buffered, so the connection could not resynchronize.
            ConnectionError(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooLarge);
            return false;
        }

        if (!_peerSettingsSeen && (header.Type != Http2FrameType.SETTINGS || header.HasFlag(Http2FrameFlags.ACK)))
        {
            // RFC 9113 §3.4: the preface "MUST be followed by a SETTINGS frame"; "Clients and servers MUST treat an
            // invalid connection preface as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.FirstFrameNotSettings);
            return false;
        }

        return true;
    }

    /// <summary>Adds input to the partial frame; processes it when complete. False when more input is needed.</summary>
    private bool CompletePartialFrame(ref ReadOnlySpan<byte> data)
    {
        if (_partialLength < Http2FrameHeader.Size)
        {
            int take = Math.Min(Http2FrameHeader.Size - _partialLength, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            data = data[take..];
            if (_partialLength < Http2FrameHeader.Size) return false;
            if (!CheckFrameHeader(Http2FrameHeader.Read(_partial))) return false;
        }

        var header = Http2FrameHeader.Read(_partial);
        int frameLength = Http2FrameHeader.Size + header.Length;
        EnsurePartialCapacity(frameLength);
        int need = Math.Min(frameLength - _partialLength, data.Length);
        data[..need].CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += need;
        data = data[need..];
        if (_partialLength < frameLength) return false;

        _partialLength = 0;
        ProcessFrame(header, _partial.AsSpan(Http2FrameHeader.Size, header.Length));
        ReleasePartial();
        return true;
    }

    private void Stash(ReadOnlySpan<byte> data, int frameLength)
    {
        EnsurePartialCapacity(frameLength);
        data.CopyTo(_partial);
        _partialLength = data.Length;
    }

    private void EnsurePartialCapacity(int size)
    {
        if (_partial is not null && _partial.Length >= size) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, 64));
        if (_partial is not null)
        {
            _partial.AsSpan(0, _partialLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_partial);
        }

        _partial = bigger;
    }

    private void ReleasePartial()
    {
        if (_partial is null) return;
        ArrayPool<byte>.Shared.Return(_partial);
        _partial = null;
        _partialLength = 0;
    }

    /// <summary>One frame, complete: field block sequencing first, then the handler for its type.</summary>
    private void ProcessFrame(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (_headerBlockStreamId != 0 && (header.Type != Http2FrameType.CONTINUATION || header.StreamId != _headerBlockStreamId))
        {
            // RFC 9113 §6.2: "A HEADERS frame without the END_HEADERS flag set MUST be followed by a CONTINUATION
            // frame for the same stream. A receiver MUST treat the receipt of any other type of frame or a frame on
            // a different stream as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
            return;
        }

        switch (header.Type)
        {
            case Http2FrameType.DATA: OnData(header, payload); break;
            case Http2FrameType.HEADERS: OnHeaders(header, payload); break;
            case Http2FrameType.PRIORITY: OnPriority(header, payload); break;
            case Http2FrameType.RST_STREAM: OnRstStream(header, payload); break;
            case Http2FrameType.SETTINGS: OnSettings(header, payload); break;
            case Http2FrameType.PUSH_PROMISE: OnPushPromise(header, payload); break;
            case Http2FrameType.PING: OnPing(header, payload); break;
            case Http2FrameType.GOAWAY: OnGoAway(header, payload); break;
            case Http2FrameType.WINDOW_UPDATE: OnWindowUpdate(header, payload); break;
            case Http2FrameType.CONTINUATION: OnContinuation(header, payload); break;
            default:
                // RFC 9113 §4.1: "Implementations MUST ignore and discard frames of unknown types." (§5.5)
                break;
        }
    }
}
