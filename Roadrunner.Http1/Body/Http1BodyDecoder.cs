using Roadrunner.Http1.Parsing;
using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Body;

/// <summary>
/// Incremental request body decoder for Content-Length and chunked framing (RFC 9112 §6, §7.1).
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="Start"/> with the head's framing, then <see cref="Decode"/> with the bytes after the head.
/// Body bytes are never copied: <see cref="BodyDecodeStatus.Data"/> points at them inside the input. After each
/// call the caller drops the first <c>consumed</c> bytes and calls again with what is left plus anything newer.
/// </para>
/// <para>
/// The decoder never throws on wire bytes: framing faults are <see cref="BodyDecodeStatus.Error"/> values, and
/// an error is sticky until the next <see cref="Start"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// decoder.Start(head.Framing, head.ContentLength);
/// var pending = bytes[consumedByHead..];
/// while (true)
/// {
///     var status = decoder.Decode(pending, out int used, out int offset, out int length, out Http1Error error);
///     if (status == BodyDecodeStatus.Data) sink.Write(pending.Slice(offset, length));
///     pending = pending[used..];
///     if (status is BodyDecodeStatus.Complete or BodyDecodeStatus.Error) break;  // Complete: pending is the next request
///     if (status == BodyDecodeStatus.NeedMoreData) { /* read more, append to pending, loop */ }
/// }
/// </code>
/// </example>
public sealed class Http1BodyDecoder
{
    private enum State : byte
    {
        Done,
        ContentLength,
        ChunkLine,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Failed,
    }

    private State _state;
    private long _remaining;
    private int _scanned;
    private int _trailerLineStart;
    private FieldRange[]? _trailers;
    private int _trailerCount;
    private Http1Error _failure;

    /// <summary>Creates a decoder bounded by <paramref name="options"/>.</summary>
    public Http1BodyDecoder(Http1Options? options = null) => Options = options ?? Http1Options.Default;

    /// <summary>The limits in force.</summary>
    public Http1Options Options { get; }

    /// <summary>Body bytes decoded so far.</summary>
    public long Received { get; private set; }

    /// <summary>True once the body and its trailers are complete.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Starts a new body.</summary>
    /// <param name="framing">The framing from the request head.</param>
    /// <param name="contentLength">The declared length for <see cref="BodyFraming.ContentLength"/>; ignored otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">Content-Length framing with a negative length.</exception>
    public void Start(BodyFraming framing, long contentLength)
    {
        Received = 0;
        _scanned = 0;
        _trailerLineStart = 0;
        _trailerCount = 0;
        _failure = default;
        switch (framing)
        {
            case BodyFraming.ContentLength:
                ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
                _remaining = contentLength;
                _state = contentLength == 0 ? State.Done : State.ContentLength;
                break;
            case BodyFraming.Chunked:
                _remaining = 0;
                _state = State.ChunkLine;
                break;
            case BodyFraming.None:
                _remaining = 0;
                _state = State.Done;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(framing), framing, "Unknown body framing.");
        }
    }

    /// <summary>Decodes the next piece of the body from <paramref name="input"/>.</summary>
    /// <param name="input">The bytes after what earlier calls consumed.</param>
    /// <param name="consumed">
    /// How many bytes of <paramref name="input"/> are used up (framing and the returned data); keep the rest.
    /// On Complete, the bytes after <paramref name="consumed"/> belong to the next request.
    /// </param>
    /// <param name="dataOffset">On Data, where the body bytes start in <paramref name="input"/>.</param>
    /// <param name="dataLength">On Data, how many body bytes there are (at least one).</param>
    /// <param name="error">On Error, the status to answer and why.</param>
    public BodyDecodeStatus Decode(ReadOnlySpan<byte> input, out int consumed, out int dataOffset, out int dataLength, out Http1Error error)
    {
        consumed = dataOffset = dataLength = 0;
        error = default;
        int pos = 0;
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    consumed = pos;
                    return BodyDecodeStatus.Complete;

                case State.Failed:
                    error = _failure;
                    return BodyDecodeStatus.Error;

                case State.ContentLength:
                    // RFC 9112 §6.2: the declared length delimits the body; the head check makes this redundant
                    // for parsed heads but a caller may start the decoder with any length.
                    if (_remaining > Options.MaxContentLength - Received) return Fail(413, Http1Errors.ContentLengthTooLarge, out error);
                    if (input.IsEmpty) return BodyDecodeStatus.NeedMoreData;
                    int slice = (int)Math.Min(_remaining, input.Length);
                    _remaining -= slice;
                    Received += slice;
                    if (_remaining == 0) _state = State.Done;
                    consumed = dataLength = slice;
                    return BodyDecodeStatus.Data;

                case State.ChunkLine:
                    if (!ReadChunkLine(input, ref pos, out error)) return Finish(pos, out consumed, error);
                    break;

                case State.ChunkData:
                    if (pos == input.Length)
                    {
                        consumed = pos;
                        return BodyDecodeStatus.NeedMoreData;
                    }
                    int take = (int)Math.Min(_remaining, input.Length - pos);
                    dataOffset = pos;
                    dataLength = take;
                    consumed = pos + take;
                    _remaining -= take;
                    Received += take;
                    if (_remaining == 0) _state = State.ChunkDataEnd;
                    return BodyDecodeStatus.Data;

                case State.ChunkDataEnd:
                    // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF — exactly CRLF.
                    if (pos < input.Length && input[pos] != CR) return Fail(400, Http1Errors.ChunkDataNotTerminated, out error);
                    if (pos + 1 < input.Length && input[pos + 1] != LF) return Fail(400, Http1Errors.ChunkDataNotTerminated, out error);
                    if (pos + 1 >= input.Length)
                    {
                        consumed = pos;
                        return BodyDecodeStatus.NeedMoreData;
                    }
                    pos += 2;
                    _scanned = 0;
                    _state = State.ChunkLine;
                    break;

                default:
                    if (!ReadTrailers(input, ref pos, out error)) return Finish(pos, out consumed, error);
                    break;
            }
        }
    }

    /// <summary>Trailer fields, offsets relative to the input of the call that returned Complete.</summary>
    public ReadOnlySpan<FieldRange> Trailers => _trailers is null ? default : _trailers.AsSpan(0, _trailerCount);

    /// <summary>
    /// Reads the chunk line at <paramref name="pos"/>. Returns true when it was read and the state moved on;
    /// false when more data is needed (error none) or the line is invalid.
    /// </summary>
    private bool ReadChunkLine(ReadOnlySpan<byte> input, ref int pos, out Http1Error error)
    {
        error = default;
        var line = input[pos..];

        // The CR may sit at most MaxChunkLineLength bytes into the line.
        int windowEnd = (int)Math.Min(line.Length, (long)Options.MaxChunkLineLength + 1);
        int found = line[_scanned..windowEnd].IndexOfAny(CR, LF);
        if (found < 0)
        {
            _scanned = windowEnd;
            if (windowEnd > Options.MaxChunkLineLength) return FailLine(400, Http1Errors.ChunkLineTooLong, out error);
            return false;
        }

        int cr = _scanned + found;
        if (line[cr] == LF) return FailLine(400, Http1Errors.BareLineFeed, out error);
        if (cr + 1 >= line.Length)
        {
            _scanned = cr;
            return false;
        }
        if (line[cr + 1] != LF) return FailLine(400, Http1Errors.BareCarriageReturn, out error);

        var reason = ChunkLineParser.Parse(line[..cr], out long size);
        if (reason is not null) return FailLine(400, reason, out error);

        pos += cr + 2;
        _scanned = 0;
        if (size == 0)
        {
            // RFC 9112 §7.1: last-chunk, then the trailer section and the final CRLF.
            _trailerLineStart = 0;
            _state = State.Trailers;
            return true;
        }

        if (size > Options.MaxContentLength - Received) return FailLine(413, Http1Errors.BodyTooLarge, out error);
        _remaining = size;
        _state = State.ChunkData;
        return true;
    }

    /// <summary>
    /// RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF. The whole section is buffered
    /// before Complete, so the trailer offsets all refer to one input; it is bounded by the trailer limits.
    /// </summary>
    private bool ReadTrailers(ReadOnlySpan<byte> input, ref int pos, out Http1Error error)
    {
        error = default;
        var section = input[pos..];
        while (true)
        {
            if (_scanned >= section.Length) return false;

            // RFC 9112 §5.2 applies to trailer field lines as well: no obs-fold.
            if (_scanned == _trailerLineStart && IsWhitespace(section[_scanned])) return FailLine(400, Http1Errors.ObsFold, out error);

            // A line's CR may sit at most MaxTrailerBlockLength bytes into the section (the final empty line).
            int windowEnd = (int)Math.Min(section.Length, (long)Options.MaxTrailerBlockLength + 1);
            int found = _scanned < windowEnd ? section[_scanned..windowEnd].IndexOfAny(CR, LF) : -1;
            if (found < 0)
            {
                _scanned = Math.Max(_scanned, windowEnd);
                if (windowEnd > Options.MaxTrailerBlockLength) return FailLine(431, Http1Errors.TrailerSectionTooLarge, out error);
                return false;
            }

            int cr = _scanned + found;
            if (section[cr] == LF) return FailLine(400, Http1Errors.BareLineFeed, out error);
            if (cr + 1 >= section.Length)
            {
                _scanned = cr;
                return false;
            }
            if (section[cr + 1] != LF) return FailLine(400, Http1Errors.BareCarriageReturn, out error);

            if (cr == _trailerLineStart)
            {
                // The trailer fields were recorded relative to the section; make them relative to this input.
                for (int i = 0; i < _trailerCount; i++)
                {
                    var f = _trailers![i];
                    _trailers[i] = f with { NameOffset = f.NameOffset + pos, ValueOffset = f.ValueOffset + pos };
                }
                pos += cr + 2;
                _scanned = 0;
                _state = State.Done;
                return true;
            }

            if (cr + 2 > Options.MaxTrailerBlockLength) return FailLine(431, Http1Errors.TrailerSectionTooLarge, out error);
            if (_trailerCount >= Options.MaxTrailerCount) return FailLine(431, Http1Errors.TooManyTrailers, out error);

            var reason = FieldLineParser.Parse(section, _trailerLineStart, cr, out var field);
            if (reason is not null) return FailLine(400, reason, out error);

            _trailers ??= new FieldRange[Math.Max(1, Options.MaxTrailerCount)];
            _trailers[_trailerCount++] = field;
            _scanned = _trailerLineStart = cr + 2;
        }
    }

    private BodyDecodeStatus Finish(int pos, out int consumed, Http1Error error)
    {
        consumed = pos;
        if (_state == State.Failed)
        {
            consumed = 0;
            return BodyDecodeStatus.Error;
        }
        return error.IsNone ? BodyDecodeStatus.NeedMoreData : BodyDecodeStatus.Error;
    }

    private bool FailLine(int status, string reason, out Http1Error error)
    {
        error = _failure = new Http1Error(status, reason);
        _state = State.Failed;
        return false;
    }

    private BodyDecodeStatus Fail(int status, string reason, out Http1Error error)
    {
        error = _failure = new Http1Error(status, reason);
        _state = State.Failed;
        return BodyDecodeStatus.Error;
    }
}
