using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Incremental, strict HTTP/1.1 request-head parser (RFC 9112 §2–§6, RFC 9110 §5).
/// </summary>
/// <remarks>
/// <para>
/// The parser never copies: it fills a <see cref="RequestHead"/> with offsets into the caller's buffer. Each
/// call is handed the whole request so far (the bytes of the previous call plus what arrived since); the parser
/// remembers how far it got, so a head fed one byte at a time costs the same as one fed at once, and each line
/// is checked as soon as its CRLF arrives, so a bad line is answered without waiting for the rest of the head.
/// Limits are enforced before a line is complete: a request-line already longer than the limit is 414 at once.
/// </para>
/// <para>
/// Between a <see cref="Http1ParseStatus.NeedMoreData"/> and the next call, pass the same
/// <see cref="RequestHead"/> and do not reset it; after Complete or Error the parser starts afresh on the next
/// call (and resets the head then).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var parser = new Http1RequestParser();
/// var head = new RequestHead();
/// var bytes = "GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"u8;
/// if (parser.ParseHead(bytes, head, out int consumed, out Http1Error error) == Http1ParseStatus.Complete)
/// {
///     ReadOnlySpan&lt;byte&gt; path = head.Path(bytes);                  // "/hello"
///     int host = head.FindField(bytes, "host"u8);               // index into head.Fields
///     // the body, if any, starts at bytes[consumed..]; see Http1BodyDecoder.
/// }
/// </code>
/// </example>
public sealed class Http1RequestParser
{
    /// <summary>
    /// How many empty lines (CRLF) before a request-line are ignored (RFC 9112 §2.2: a server "SHOULD ignore at
    /// least one empty line (CRLF) received prior to the request-line"); one more is answered with 400.
    /// </summary>
    public const int MaxLeadingEmptyLines = 8;

    private enum Phase : byte
    {
        Idle,
        LeadingLines,
        Method,
        Target,
        Version,
        Fields,
    }

    private enum Step : byte
    {
        Continue,
        NeedMoreData,
        Done,
        Error,
    }

    private Phase _phase;
    private int _pos;
    private int _lineStart;
    private int _versionStart;
    private int _headersStart;
    private int _emptyLines;
    private RequestHead? _head;
    private int _headGeneration;
    private RequestFieldRules _rules;

    /// <summary>Creates a parser bounded by <paramref name="options"/> (defaults when null).</summary>
    public Http1RequestParser(Http1Options? options = null) => Options = options ?? Http1Options.Default;

    /// <summary>The limits in force.</summary>
    public Http1Options Options { get; }

    /// <summary>
    /// Parses a request head from <paramref name="buffer"/>, which always starts at the first byte of the
    /// request (the same bytes as the previous call plus whatever arrived since).
    /// </summary>
    /// <param name="buffer">The request so far, from its first byte (empty lines before it included).</param>
    /// <param name="head">Receives the parsed head; offsets are relative to <paramref name="buffer"/>.</param>
    /// <param name="consumed">
    /// On <see cref="Http1ParseStatus.Complete"/>, the bytes the head took (ignored empty lines, request-line,
    /// field lines and the empty line); the body starts right after. Zero otherwise.
    /// </param>
    /// <param name="error">On <see cref="Http1ParseStatus.Error"/>, the status to answer and why.</param>
    public Http1ParseStatus ParseHead(ReadOnlySpan<byte> buffer, RequestHead head, out int consumed, out Http1Error error)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (_phase == Phase.Idle || !ReferenceEquals(_head, head) || _headGeneration != head.Generation || buffer.Length < _pos)
        {
            Begin(head);
        }

        error = default;
        var step = Step.Continue;
        while (step == Step.Continue)
        {
            step = _phase switch
            {
                Phase.LeadingLines => SkipLeadingLines(buffer, head, ref error),
                Phase.Method => ScanMethod(buffer, head, ref error),
                Phase.Target => ScanTarget(buffer, head, ref error),
                Phase.Version => ScanVersion(buffer, head, ref error),
                _ => ScanFieldLine(buffer, head, ref error),
            };
        }

        switch (step)
        {
            case Step.Done:
                consumed = _pos;
                head.HeadLength = _pos - head.MethodOffset;
                Reset();
                return Http1ParseStatus.Complete;
            case Step.Error:
                consumed = 0;
                Reset();
                return Http1ParseStatus.Error;
            default:
                consumed = 0;
                return Http1ParseStatus.NeedMoreData;
        }
    }

    /// <summary>Forgets any partial scan, ready for the next request.</summary>
    public void Reset()
    {
        _phase = Phase.Idle;
        _head = null;
    }

    private void Begin(RequestHead head)
    {
        head.Reset();
        _head = head;
        _headGeneration = head.Generation;
        _phase = Phase.LeadingLines;
        _pos = _lineStart = _versionStart = _headersStart = _emptyLines = 0;
        _rules.Reset();
    }

    private Step SkipLeadingLines(ReadOnlySpan<byte> buffer, RequestHead head, ref Http1Error error)
    {
        while (_pos < buffer.Length)
        {
            byte b = buffer[_pos];
            if (b == LF) return Fail(ref error, 400, Http1Errors.BareLineFeed);
            if (b != CR)
            {
                _lineStart = _pos;
                head.MethodOffset = _pos;
                _phase = Phase.Method;
                return Step.Continue;
            }

            // RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD ignore at
            // least one empty line (CRLF) received prior to the request-line." A bounded number of them.
            if (_pos + 1 >= buffer.Length) return Step.NeedMoreData;
            if (buffer[_pos + 1] != LF) return Fail(ref error, 400, Http1Errors.BareCarriageReturn);
            if (++_emptyLines > MaxLeadingEmptyLines) return Fail(ref error, 400, Http1Errors.TooManyEmptyLines);
            _pos += 2;
        }
        return Step.NeedMoreData;
    }

    /// <summary>RFC 9112 §3: request-line = method SP request-target SP HTTP-version; §3.1: method = token.</summary>
    private Step ScanMethod(ReadOnlySpan<byte> buffer, RequestHead head, ref Http1Error error)
    {
        int windowEnd = RequestLineWindowEnd(buffer.Length);
        int found = buffer[_pos..windowEnd].IndexOfAnyExcept(TokenChars);
        if (found < 0)
        {
            _pos = windowEnd;
            return RequestLineIncomplete(ref error);
        }

        _pos += found;
        byte stop = buffer[_pos];
        if (stop != SP)
        {
            return Fail(ref error, 400, stop is CR or LF ? Http1Errors.RequestLineInvalid : Http1Errors.MethodInvalid);
        }
        if (_pos == _lineStart) return Fail(ref error, 400, Http1Errors.RequestLineInvalid);

        head.MethodLength = _pos - _lineStart;
        head.Method = KnownMethods.Lookup(buffer.Slice(_lineStart, head.MethodLength));
        _pos++;
        head.TargetOffset = _pos;
        _phase = Phase.Target;
        return Step.Continue;
    }

    /// <summary>RFC 9112 §3.2: the request-target, up to the single SP before the version.</summary>
    private Step ScanTarget(ReadOnlySpan<byte> buffer, RequestHead head, ref Http1Error error)
    {
        int windowEnd = RequestLineWindowEnd(buffer.Length);
        int found = buffer[_pos..windowEnd].IndexOfAnyExcept(TargetChars);
        if (found < 0)
        {
            _pos = windowEnd;
            return RequestLineIncomplete(ref error);
        }

        _pos += found;
        byte stop = buffer[_pos];
        if (stop != SP)
        {
            // RFC 9112 §3.2: "A client MUST send ... request-target ... and the target URI's fragment (if any)
            // is not sent"; the request-target is URI syntax, which excludes SP, CTLs and non-ASCII.
            string reason = stop switch
            {
                (byte)'#' => Http1Errors.TargetFragment,
                CR or LF => Http1Errors.RequestLineInvalid,
                _ => Http1Errors.TargetInvalidCharacter,
            };
            return Fail(ref error, 400, reason);
        }

        // RFC 9112 §3: exactly one SP between the parts, so an empty target means two SPs in a row.
        if (_pos == head.TargetOffset) return Fail(ref error, 400, Http1Errors.RequestLineInvalid);

        head.TargetLength = _pos - head.TargetOffset;
        var reasonForTarget = RequestTargetParser.Parse(buffer, head.TargetOffset, _pos, head);
        if (reasonForTarget is not null) return Fail(ref error, 400, reasonForTarget);

        _pos++;
        _versionStart = _pos;
        _phase = Phase.Version;
        return Step.Continue;
    }

    /// <summary>RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT, then the line's CRLF.</summary>
    private Step ScanVersion(ReadOnlySpan<byte> buffer, RequestHead head, ref Http1Error error)
    {
        // Nearly every request says exactly "HTTP/1.1" or "HTTP/1.0" and has its CRLF in the same read.
        if (_pos == _versionStart && buffer.Length - _pos >= 10)
        {
            var line = buffer.Slice(_pos, 10);
            if (line.SequenceEqual("HTTP/1.1\r\n"u8) || line.SequenceEqual("HTTP/1.0\r\n"u8))
            {
                head.Version = line[7] == (byte)'1' ? Http1Version.Http11 : Http1Version.Http10;
                _pos += 10;
            }
        }

        ReadOnlySpan<byte> name = "HTTP/"u8;
        while (_pos < buffer.Length && _pos - _versionStart < 10)
        {
            int k = _pos - _versionStart;
            byte b = buffer[_pos];
            bool valid = k switch
            {
                < 5 => b == name[k],
                5 or 7 => char.IsAsciiDigit((char)b),
                6 => b == (byte)'.',
                8 => b == CR,
                _ => b == LF,
            };
            if (!valid)
            {
                string reason = k switch
                {
                    8 when b == LF => Http1Errors.BareLineFeed,
                    9 => Http1Errors.BareCarriageReturn,
                    _ => Http1Errors.VersionInvalid,
                };
                return Fail(ref error, 400, reason);
            }

            _pos++;
            if (k == 7)
            {
                // A well-formed version is known after eight bytes; an unsupported one is answered at once.
                byte major = buffer[_versionStart + 5];
                if (major != (byte)'1' || b is not ((byte)'0' or (byte)'1'))
                {
                    return Fail(ref error, 505, Http1Errors.VersionNotSupported);
                }
                head.Version = b == (byte)'1' ? Http1Version.Http11 : Http1Version.Http10;
            }
        }

        int lineLength = Math.Min(_pos, _versionStart + 8) - _lineStart;
        if (lineLength > Options.MaxRequestLineLength) return Fail(ref error, 414, Http1Errors.RequestLineTooLong);
        if (_pos - _versionStart < 10) return Step.NeedMoreData;

        _lineStart = _headersStart = _pos;
        _phase = Phase.Fields;
        return Step.Continue;
    }

    /// <summary>
    /// RFC 9112 §2.1: *( field-line CRLF ) CRLF. Scans for the end of the current line and parses it; the empty
    /// line ends the head.
    /// </summary>
    private Step ScanFieldLine(ReadOnlySpan<byte> buffer, RequestHead head, ref Http1Error error)
    {
        if (_pos >= buffer.Length) return Step.NeedMoreData;

        // RFC 9112 §5.2: "A server that receives an obs-fold in a request message ... MUST either reject the
        // message by sending a 400 (Bad Request) ... or replace each received obs-fold with one or more SP".
        // RFC 9112 §2.2: whitespace between the start-line and the first field "MUST either reject the message
        // as invalid or consume each whitespace-preceded line without further processing". We reject both.
        if (_pos == _lineStart && IsWhitespace(buffer[_pos])) return Fail(ref error, 400, Http1Errors.ObsFold);

        // The CR may sit at most MaxHeaderLineLength bytes after the start of the line.
        int windowEnd = (int)Math.Min(buffer.Length, (long)_lineStart + Options.MaxHeaderLineLength + 1);
        int found = buffer[_pos..windowEnd].IndexOfAny(CR, LF);
        if (found < 0)
        {
            _pos = windowEnd;
            return PartialFieldLine(windowEnd, ref error);
        }

        int cr = _pos + found;
        if (buffer[cr] == LF) return Fail(ref error, 400, Http1Errors.BareLineFeed);
        if (cr + 1 >= buffer.Length)
        {
            // Look at this CR again when its LF may have arrived.
            _pos = cr;
            return PartialFieldLine(cr, ref error);
        }
        if (buffer[cr + 1] != LF) return Fail(ref error, 400, Http1Errors.BareCarriageReturn);

        if (cr == _lineStart)
        {
            _pos = cr + 2;
            var final = _rules.Complete(head, Options);
            if (!final.IsNone)
            {
                error = final;
                return Step.Error;
            }
            return Step.Done;
        }

        if (cr + 2 - _headersStart > Options.MaxHeaderBlockLength) return Fail(ref error, 431, Http1Errors.HeaderSectionTooLarge);
        if (head.FieldCount >= Options.MaxHeaderCount) return Fail(ref error, 431, Http1Errors.TooManyHeaders);

        var reason = FieldLineParser.Parse(buffer, _lineStart, cr, out var field);
        if (reason is not null) return Fail(ref error, 400, reason);

        int index = head.FieldCount;
        head.AddField(field);
        var fieldError = _rules.OnField(buffer, field, index, head, Options);
        if (!fieldError.IsNone)
        {
            error = fieldError;
            return Step.Error;
        }

        _pos = _lineStart = cr + 2;
        return Step.Continue;
    }

    /// <summary>Applies the limits to a field line whose CRLF has not arrived yet (its bytes end at <paramref name="end"/>).</summary>
    private Step PartialFieldLine(int end, ref Http1Error error)
    {
        int content = end - _lineStart;
        if (content > Options.MaxHeaderLineLength) return Fail(ref error, 431, Http1Errors.HeaderLineTooLong);

        // A non-empty partial line will be a field line: its bytes and its CRLF count towards the section.
        if (content > 0 && end + 2 - _headersStart > Options.MaxHeaderBlockLength)
        {
            return Fail(ref error, 431, Http1Errors.HeaderSectionTooLarge);
        }
        return Step.NeedMoreData;
    }

    private int RequestLineWindowEnd(int length) => (int)Math.Min(length, (long)_lineStart + Options.MaxRequestLineLength + 1);

    private Step RequestLineIncomplete(ref Http1Error error) =>
        _pos - _lineStart > Options.MaxRequestLineLength
            ? Fail(ref error, 414, Http1Errors.RequestLineTooLong)
            : Step.NeedMoreData;

    private static Step Fail(ref Http1Error error, int status, string reason)
    {
        error = new Http1Error(status, reason);
        return Step.Error;
    }
}
