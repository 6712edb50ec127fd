using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Roadrunner.Server.Multipart;

/// <summary>
/// Sans-IO streaming reader of a <c>multipart/*</c> body (RFC 2046 §5.1, RFC 7578). The caller owns the bytes:
/// each <see cref="TryRead"/> gets the unconsumed bytes of the previous call followed by whatever arrived since,
/// and reports how many it consumed. Part bodies come out as <see cref="MultipartEventKind.PartData"/> slices
/// of the input as soon as they are known not to start a delimiter, so a part is never buffered: the reader
/// holds back at most a delimiter (CRLF, <c>--</c>, the boundary, transport padding and CRLF) in the body,
/// and at most <see cref="MultipartOptions.MaxHeaderSize"/> bytes while reading one header line.
/// Never throws on client input; a fault is an <see cref="MultipartEventKind.Error"/> event.
/// </summary>
/// <remarks>
/// <code>
/// multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
///                   *( CRLF dash-boundary transport-padding CRLF body-part )
///                   CRLF dash-boundary "--" [ transport-padding CRLF epilogue ]
/// dash-boundary  := "--" boundary
/// </code>
/// The preamble and epilogue are skipped. A boundary line that is followed by anything other than transport
/// padding and CRLF, or <c>--</c>, is not a delimiter and is part of the body. Lines end with CRLF only.
/// </remarks>
/// <example>
/// <code>
/// var reader = new MultipartReader(boundary);
/// while (true)
/// {
///     if (!reader.TryRead(buffer, out var consumed, out var ev))
///     {
///         buffer = KeepUnconsumed(buffer, consumed) + await ReadMoreAsync();   // at end of input: reader.Finish()
///         continue;
///     }
///     buffer = buffer[consumed..];
///     switch (ev.Kind)
///     {
///         case MultipartEventKind.PartStarted: Open(ev.Headers!); break;
///         case MultipartEventKind.PartData: Write(ev.Data); break;
///         case MultipartEventKind.PartEnded: Close(); break;
///         case MultipartEventKind.Completed: return;
///         case MultipartEventKind.Error: Reject(ev.Error); return;
///     }
/// }
/// </code>
/// </example>
public sealed class MultipartReader
{
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private readonly byte[] _delimiter;
    private readonly MultipartOptions _options;
    private State _state = State.Start;
    private int _partCount;
    private int _headerBytes;
    private List<KeyValuePair<string, string>>? _fields;
    private string? _dispositionType;
    private string? _name;
    private string? _fileName;
    private string? _contentType;
    private bool _sawDisposition;
    private MultipartError _error;

    /// <summary>Creates a reader for bodies delimited by <paramref name="boundary"/> (from <see cref="MultipartBoundary.TryParse"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="boundary"/> is not a valid RFC 2046 boundary.</exception>
    public MultipartReader(string boundary, MultipartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        if (!MultipartBoundary.IsValid(boundary))
        {
            throw new ArgumentException("Not a valid multipart boundary (RFC 2046 §5.1.1).", nameof(boundary));
        }

        _options = options ?? MultipartOptions.Default;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
    }

    private enum State
    {
        Start,
        Preamble,
        Headers,
        Body,
        Closed,
        Epilogue,
        Failed,
    }

    private enum Step
    {
        Continue,
        NeedMore,
        Emit,
    }

    private enum Delimiter
    {
        NeedMore,
        NotDelimiter,
        Part,
        Close,
        PaddingTooLong,
    }

    /// <summary>The limits in force.</summary>
    public MultipartOptions Options => _options;

    /// <summary>Parts started so far.</summary>
    public int PartCount => _partCount;

    /// <summary>True once the close delimiter has been read.</summary>
    public bool IsCompleted => _state is State.Closed or State.Epilogue;

    /// <summary>
    /// Reads the next event from <paramref name="input"/>, which starts with the bytes not consumed by the previous call.
    /// </summary>
    /// <param name="input">Unconsumed bytes followed by new bytes.</param>
    /// <param name="consumed">How many bytes of <paramref name="input"/> are done with; the rest must be passed again.</param>
    /// <param name="ev">The event, when the result is true. Its data aliases <paramref name="input"/>.</param>
    /// <returns>True with an event; false when more input is needed (some bytes may still have been consumed).</returns>
    public bool TryRead(ReadOnlySpan<byte> input, out int consumed, out MultipartEvent ev)
    {
        consumed = 0;
        ev = default;
        while (true)
        {
            var rest = input[consumed..];
            Step step;
            switch (_state)
            {
                case State.Start:
                    step = ReadStart(rest, ref consumed);
                    break;
                case State.Preamble:
                    step = ReadPreamble(rest, ref consumed);
                    break;
                case State.Headers:
                    step = ReadHeaderLine(rest, ref consumed, out ev);
                    break;
                case State.Body:
                    step = ReadBody(rest, ref consumed, out ev);
                    break;
                case State.Closed:
                    _state = State.Epilogue;
                    ev = MultipartEvent.Done;
                    return true;
                case State.Epilogue:
                    consumed = input.Length;
                    return false;
                default:
                    ev = MultipartEvent.Failed(_error);
                    return true;
            }

            if (step != Step.Continue)
            {
                return step == Step.Emit;
            }
        }
    }

    /// <summary>
    /// Tells the reader the input has ended. Returns no error when the close delimiter was read, otherwise
    /// <see cref="MultipartErrorKind.Truncated"/> (or the earlier error); later reads report the same error.
    /// </summary>
    public MultipartError Finish()
    {
        if (_state is State.Closed or State.Epilogue)
        {
            return default;
        }

        if (_state != State.Failed)
        {
            Fail(MultipartErrorKind.Truncated, "Body ended before the close delimiter");
        }

        return _error;
    }

    // The first dash-boundary may open the body without a CRLF before it.
    private Step ReadStart(ReadOnlySpan<byte> rest, ref int consumed)
    {
        var dash = _delimiter.AsSpan(2);
        if (rest.Length < dash.Length)
        {
            if (dash.StartsWith(rest))
            {
                return Step.NeedMore;
            }

            _state = State.Preamble;
            return Step.Continue;
        }

        if (!rest.StartsWith(dash))
        {
            _state = State.Preamble;
            return Step.Continue;
        }

        var kind = Classify(rest[dash.Length..], out var length);
        switch (kind)
        {
            case Delimiter.NeedMore:
                return Step.NeedMore;
            case Delimiter.NotDelimiter:
                _state = State.Preamble;
                return Step.Continue;
            default:
                consumed += dash.Length + length;
                AfterDelimiter(kind);
                return Step.Continue;
        }
    }

    // Everything before the first delimiter is skipped; a partial delimiter at the end is kept.
    private Step ReadPreamble(ReadOnlySpan<byte> rest, ref int consumed)
    {
        var index = rest.IndexOf(_delimiter);
        if (index < 0)
        {
            consumed += rest.Length - TailPrefixLength(rest);
            return Step.NeedMore;
        }

        var kind = Classify(rest[(index + _delimiter.Length)..], out var length);
        switch (kind)
        {
            case Delimiter.NeedMore:
                consumed += index;
                return Step.NeedMore;
            case Delimiter.NotDelimiter:
                consumed += index + 1;
                return Step.Continue;
            default:
                consumed += index + _delimiter.Length + length;
                AfterDelimiter(kind);
                return Step.Continue;
        }
    }

    // One header line per call; the empty line ends the section and starts the part.
    private Step ReadHeaderLine(ReadOnlySpan<byte> rest, scoped ref int consumed, out MultipartEvent ev)
    {
        ev = default;
        var lineEnd = rest.IndexOf("\r\n"u8);
        var lineBytes = lineEnd < 0 ? rest.Length : lineEnd + 2;
        if (_headerBytes + lineBytes > _options.MaxHeaderSize)
        {
            Fail(MultipartErrorKind.HeaderTooLarge, "Part header section larger than the configured limit");
            return Step.Continue;
        }

        if (lineEnd < 0)
        {
            return Step.NeedMore;
        }

        _headerBytes += lineBytes;
        consumed += lineBytes;
        if (lineEnd == 0)
        {
            ev = MultipartEvent.Started(new MultipartPartHeaders(_fields!, _dispositionType, _name, _fileName, _contentType));
            _state = State.Body;
            return Step.Emit;
        }

        AddHeader(rest[..lineEnd]);
        return Step.Continue;
    }

    // Body bytes up to the next delimiter candidate are emitted at once; only a possible delimiter is held back.
    private Step ReadBody(ReadOnlySpan<byte> rest, scoped ref int consumed, out MultipartEvent ev)
    {
        ev = default;
        var index = rest.IndexOf(_delimiter);
        if (index != 0)
        {
            var n = index > 0 ? index : rest.Length - TailPrefixLength(rest);
            if (n == 0)
            {
                return Step.NeedMore;
            }

            consumed += n;
            ev = MultipartEvent.Body(rest[..n]);
            return Step.Emit;
        }

        var kind = Classify(rest[_delimiter.Length..], out var length);
        switch (kind)
        {
            case Delimiter.NeedMore:
                return Step.NeedMore;
            case Delimiter.NotDelimiter:
                // A boundary lookalike inside the body: emit it, up to the next candidate.
                var next = rest[1..].IndexOf(_delimiter);
                var lookalike = next >= 0 ? next + 1 : rest.Length - TailPrefixLength(rest[1..]);
                consumed += lookalike;
                ev = MultipartEvent.Body(rest[..lookalike]);
                return Step.Emit;
            case Delimiter.PaddingTooLong:
                AfterDelimiter(kind);
                return Step.Continue;
            default:
                consumed += _delimiter.Length + length;
                AfterDelimiter(kind);
                ev = MultipartEvent.Ended;
                return Step.Emit;
        }
    }

    private void AfterDelimiter(Delimiter kind)
    {
        switch (kind)
        {
            case Delimiter.Part:
                BeginPart();
                break;
            case Delimiter.Close:
                _state = State.Closed;
                break;
            default:
                Fail(MultipartErrorKind.Malformed, "Transport padding after a boundary is longer than the configured limit");
                break;
        }
    }

    // After "--boundary": "--" closes; transport-padding CRLF opens a part; anything else is not a delimiter.
    private Delimiter Classify(ReadOnlySpan<byte> after, out int length)
    {
        length = 0;
        if (after.IsEmpty)
        {
            return Delimiter.NeedMore;
        }

        if (after[0] == '-')
        {
            if (after.Length == 1)
            {
                return Delimiter.NeedMore;
            }

            if (after[1] == '-')
            {
                length = 2;
                return Delimiter.Close;
            }

            return Delimiter.NotDelimiter;
        }

        var i = 0;
        while (i < after.Length && after[i] is (byte)' ' or (byte)'\t')
        {
            if (++i > _options.MaxTransportPadding)
            {
                return Delimiter.PaddingTooLong;
            }
        }

        if (i == after.Length)
        {
            return Delimiter.NeedMore;
        }

        if (after[i] != '\r')
        {
            return Delimiter.NotDelimiter;
        }

        if (i + 1 == after.Length)
        {
            return Delimiter.NeedMore;
        }

        if (after[i + 1] != '\n')
        {
            return Delimiter.NotDelimiter;
        }

        length = i + 2;
        return Delimiter.Part;
    }

    // Length of the longest suffix of data that is a proper prefix of the delimiter (it may continue in later input).
    private int TailPrefixLength(ReadOnlySpan<byte> data)
    {
        var window = data.Length < _delimiter.Length - 1 ? data : data[^(_delimiter.Length - 1)..];
        var offset = 0;
        while (true)
        {
            var cr = window[offset..].IndexOf((byte)'\r');
            if (cr < 0)
            {
                return 0;
            }

            var candidate = window[(offset + cr)..];
            if (_delimiter.AsSpan().StartsWith(candidate))
            {
                return candidate.Length;
            }

            offset += cr + 1;
        }
    }

    private void BeginPart()
    {
        if (++_partCount > _options.MaxPartCount)
        {
            Fail(MultipartErrorKind.TooManyParts, "More parts than the configured limit");
            return;
        }

        _state = State.Headers;
        _headerBytes = 0;
        _fields = [];
        _dispositionType = _name = _fileName = _contentType = null;
        _sawDisposition = false;
    }

    // field-line = field-name ":" OWS field-value OWS   (RFC 9112 §5; no obs-fold, no space before the colon)
    private void AddHeader(ReadOnlySpan<byte> line)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            Fail(MultipartErrorKind.MalformedHeader, "Folded part header line (obs-fold)");
            return;
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            Fail(MultipartErrorKind.MalformedHeader, "Part header line is not 'token: value'");
            return;
        }

        var rawValue = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in rawValue)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7f)
            {
                Fail(MultipartErrorKind.MalformedHeader, "Control character in a part header value");
                return;
            }
        }

        if (!Utf8.IsValid(rawValue))
        {
            Fail(MultipartErrorKind.MalformedHeader, "Part header value is not UTF-8");
            return;
        }

        if (_fields!.Count == _options.MaxHeaderCount)
        {
            Fail(MultipartErrorKind.TooManyHeaders, "More part header fields than the configured limit");
            return;
        }

        var name = Encoding.ASCII.GetString(line[..colon]);
        var value = Encoding.UTF8.GetString(rawValue);
        if (name.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
        {
            if (_sawDisposition)
            {
                Fail(MultipartErrorKind.MalformedHeader, "Repeated Content-Disposition in a part");
                return;
            }

            _sawDisposition = true;
            if (!ContentDispositionParser.TryParse(value, out var type, out _name, out _fileName))
            {
                Fail(MultipartErrorKind.MalformedHeader, "Unparsable Content-Disposition in a part");
                return;
            }

            _dispositionType = type;
        }
        else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            if (_contentType is not null)
            {
                Fail(MultipartErrorKind.MalformedHeader, "Repeated Content-Type in a part");
                return;
            }

            _contentType = value;
        }

        _fields.Add(new KeyValuePair<string, string>(name, value));
    }

    private static bool IsToken(ReadOnlySpan<byte> name) => !name.ContainsAnyExcept(TokenBytes);

    private void Fail(MultipartErrorKind kind, string reason)
    {
        _error = new MultipartError(kind, reason);
        _state = State.Failed;
    }
}
