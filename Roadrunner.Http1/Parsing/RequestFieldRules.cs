using System.Text;
using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// The rules that tie header fields to message semantics: Host (RFC 9112 §3.2), body framing
/// (RFC 9112 §6, RFC 9110 §8.6), connection options (RFC 9112 §9) and expectations (RFC 9110 §10.1.1).
/// Each field is checked as soon as its line is complete, so a conflict is reported without waiting for the
/// end of the head; <see cref="Complete"/> settles what only the whole head can tell.
/// </summary>
internal struct RequestFieldRules
{
    private int _hostCount;
    private long _contentLength;
    private bool _hasTransferEncoding;
    private bool _chunked;
    private bool _unknownCoding;
    private bool _closeOption;
    private bool _keepAliveOption;
    private bool _upgradeOption;
    private bool _upgradeField;
    private bool _expectContinue;

    /// <summary>Forgets everything, ready for the next head.</summary>
    public void Reset()
    {
        this = default;
        _contentLength = -1;
    }

    /// <summary>Applies the rules of one field; returns an error, or none.</summary>
    public Http1Error OnField(ReadOnlySpan<byte> buffer, FieldRange field, int index, RequestHead head, Http1Options options)
    {
        var name = field.Name(buffer);
        var value = field.Value(buffer);
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "host"u8):
                return OnHost(value, index, head);
            case 6 when Ascii.EqualsIgnoreCase(name, "expect"u8):
                foreach (var expectation in new FieldListEnumerator(value))
                {
                    // RFC 9110 §10.1.1: "The expectation token "100-continue" is case-insensitive."
                    if (Ascii.EqualsIgnoreCase(expectation, "100-continue"u8)) _expectContinue = true;
                }
                return default;
            case 7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8):
                _upgradeField |= !TrimWhitespace(value).IsEmpty;
                return default;
            case 10 when Ascii.EqualsIgnoreCase(name, "connection"u8):
                OnConnection(value);
                return default;
            case 14 when Ascii.EqualsIgnoreCase(name, "content-length"u8):
                return OnContentLength(value, options.MaxContentLength);
            case 17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8):
                return OnTransferEncoding(value, head);
            default:
                return default;
        }
    }

    /// <summary>Settles framing, Host presence and the connection flags once the head is complete.</summary>
    public readonly Http1Error Complete(RequestHead head, Http1Options options)
    {
        // RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request
        // message that lacks a Host header field".
        if (_hostCount == 0 && head.Version == Http1Version.Http11 && options.RequireHost)
        {
            return Bad(Http1Errors.HostMissing);
        }

        if (_hasTransferEncoding)
        {
            // RFC 9112 §6.3 (4): "If a Transfer-Encoding header field is present in a request and the chunked
            // transfer coding is not the final encoding, the message body length cannot be determined reliably;
            // the server MUST respond with the 400 (Bad Request) status code and then close the connection."
            if (!_chunked) return Bad(Http1Errors.ChunkedNotFinal);

            // RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does not
            // understand SHOULD respond with 501 (Not Implemented)."
            if (_unknownCoding) return new Http1Error(501, Http1Errors.TransferCodingNotImplemented);
            head.Framing = BodyFraming.Chunked;
        }
        else if (_contentLength >= 0)
        {
            head.ContentLength = _contentLength;
            head.Framing = BodyFraming.ContentLength;
        }

        // RFC 9110 §9.3.6: "A CONNECT request message does not have content." What follows the head belongs to
        // the tunnel.
        if (head.Method == KnownMethod.Connect) head.Framing = BodyFraming.None;

        bool http11 = head.Version == Http1Version.Http11;

        // RFC 9112 §9.3: "If the "close" connection option is present, the connection will not persist after
        // the current response; else, If the received protocol is HTTP/1.1 (or later), the connection will
        // persist after the current response; else, If the received protocol is HTTP/1.0, the "keep-alive"
        // connection option is present, ... the connection will persist after the current response".
        head.KeepAlive = !_closeOption && (http11 || _keepAliveOption);

        // RFC 9110 §7.8: "A server MUST ignore an Upgrade header field that is received in an HTTP/1.0 request."
        // and a sender of Upgrade "MUST also send an "upgrade" connection option".
        head.HasUpgrade = http11 && _upgradeField && _upgradeOption;

        // RFC 9110 §10.1.1: "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST
        // ignore that expectation."
        head.ExpectContinue = http11 && _expectContinue;
        return default;
    }

    private Http1Error OnHost(ReadOnlySpan<byte> value, int index, RequestHead head)
    {
        // RFC 9112 §3.2: a server MUST respond with 400 "to any request message that contains more than one
        // Host header field line or a Host header field with an invalid field value."
        if (++_hostCount > 1) return Bad(Http1Errors.HostDuplicate);
        if (!HostSyntax.IsValid(value, requireHostAndPort: false)) return Bad(Http1Errors.HostInvalid);
        head.HostIndex = index;
        return default;
    }

    private void OnConnection(ReadOnlySpan<byte> value)
    {
        // RFC 9110 §7.6.1: Connection = #connection-option; connection options are case-insensitive.
        foreach (var option in new FieldListEnumerator(value))
        {
            if (Ascii.EqualsIgnoreCase(option, "close"u8)) _closeOption = true;
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8)) _keepAliveOption = true;
            else if (Ascii.EqualsIgnoreCase(option, "upgrade"u8)) _upgradeOption = true;
        }
    }

    private Http1Error OnContentLength(ReadOnlySpan<byte> value, long maxContentLength)
    {
        // RFC 9112 §6.1: "A sender MUST NOT send a Content-Length header field in any message that contains a
        // Transfer-Encoding header field." Received together, the framing is ambiguous (request smuggling).
        if (_hasTransferEncoding) return Bad(Http1Errors.TransferEncodingWithContentLength);

        // RFC 9110 §8.6: Content-Length = 1*DIGIT. "a recipient of a Content-Length header field value
        // consisting of the same decimal value repeated as a comma-separated list (e.g, "Content-Length: 42, 42")
        // MAY either reject the message as invalid or replace that invalid field value with a single instance".
        // We take the single value; any other list, an empty element or a non-digit is invalid (RFC 9112 §6.3 (5)).
        long declared = -1;
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            var element = TrimWhitespace(comma < 0 ? value : value[..comma]);
            if (element.IsEmpty || element.ContainsAnyExcept(Digits)) return Bad(Http1Errors.ContentLengthInvalid);
            long parsed = ParseDecimal(element);
            if (declared >= 0 && parsed != declared) return Bad(Http1Errors.ContentLengthConflict);
            declared = parsed;
            if (comma < 0) break;
            value = value[(comma + 1)..];
        }

        if (_contentLength >= 0 && _contentLength != declared) return Bad(Http1Errors.ContentLengthConflict);
        _contentLength = declared;

        // Answered as soon as it is known: a body this large will not be read whatever follows.
        return declared > maxContentLength ? new Http1Error(413, Http1Errors.ContentLengthTooLarge) : default;
    }

    private Http1Error OnTransferEncoding(ReadOnlySpan<byte> value, RequestHead head)
    {
        // RFC 9112 §6.1: "A server or client that receives an HTTP/1.0 message containing a Transfer-Encoding
        // header field MUST treat the message as if the framing is faulty".
        if (head.Version == Http1Version.Http10) return Bad(Http1Errors.TransferEncodingInHttp10);
        if (_contentLength >= 0) return Bad(Http1Errors.TransferEncodingWithContentLength);
        _hasTransferEncoding = true;

        // RFC 9112 §6.1: Transfer-Encoding = #transfer-coding; several field lines combine into one list.
        var codings = new FieldListEnumerator(value);
        while (codings.MoveNext())
        {
            var coding = codings.Current;
            int nameEnd = coding.IndexOfAnyExcept(TokenChars);
            var name = nameEnd < 0 ? coding : coding[..nameEnd];
            var parameters = nameEnd < 0 ? [] : coding[nameEnd..];
            if (name.IsEmpty || !AreValidParameters(parameters)) return Bad(Http1Errors.TransferEncodingInvalid);

            // RFC 9112 §7: coding names are case-insensitive.
            bool isChunked = Ascii.EqualsIgnoreCase(name, "chunked"u8);
            if (_chunked)
            {
                // RFC 9112 §6.1: "A sender MUST NOT apply the chunked transfer coding more than once to a message
                // body"; and anything after chunked means chunked is not final (§6.3).
                return Bad(isChunked ? Http1Errors.ChunkedMoreThanOnce : Http1Errors.ChunkedNotFinal);
            }
            if (isChunked)
            {
                // RFC 9112 §7.1: chunked has no parameters.
                if (!parameters.IsEmpty) return Bad(Http1Errors.TransferEncodingInvalid);
                _chunked = true;
            }
            else
            {
                // gzip, deflate and compress are registered codings (RFC 9112 §7), but this codec does not
                // decode them: handing their bytes on as the body would be worse than refusing them.
                _unknownCoding = true;
            }
        }
        return codings.Malformed ? Bad(Http1Errors.TransferEncodingInvalid) : default;
    }

    /// <summary>
    /// RFC 9112 §7: <c>*( OWS ";" OWS transfer-parameter )</c>,
    /// <c>transfer-parameter = token BWS "=" BWS ( token / quoted-string )</c>.
    /// </summary>
    private static bool AreValidParameters(ReadOnlySpan<byte> parameters)
    {
        int i = 0;
        while (true)
        {
            i = SkipWhitespace(parameters, i);
            if (i == parameters.Length) return true;
            if (parameters[i] != (byte)';') return false;
            i = SkipWhitespace(parameters, i + 1);
            int nameLength = TokenLength(parameters, i);
            if (nameLength == 0) return false;
            i = SkipWhitespace(parameters, i + nameLength);
            if (i == parameters.Length || parameters[i] != (byte)'=') return false;
            i = SkipWhitespace(parameters, i + 1);
            if (i < parameters.Length && parameters[i] == (byte)'"')
            {
                i = SkipQuotedString(parameters, i);
                if (i < 0) return false;
            }
            else
            {
                int valueLength = TokenLength(parameters, i);
                if (valueLength == 0) return false;
                i += valueLength;
            }
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        int skip = span[i..].IndexOfAnyExcept(Whitespace);
        return skip < 0 ? span.Length : i + skip;
    }

    private static int TokenLength(ReadOnlySpan<byte> span, int i)
    {
        int end = span[i..].IndexOfAnyExcept(TokenChars);
        return end < 0 ? span.Length - i : end;
    }

    /// <summary>Parses 1*DIGIT; a value above <see cref="long.MaxValue"/> saturates (it exceeds every limit anyway).</summary>
    private static long ParseDecimal(ReadOnlySpan<byte> digits)
    {
        long value = 0;
        foreach (byte d in digits)
        {
            // RFC 9110 §8.6: "a recipient MUST anticipate potentially large decimal numerals and prevent parsing
            // errors due to integer conversion overflows".
            if (value > (long.MaxValue - (d - '0')) / 10) return long.MaxValue;
            value = (value * 10) + (d - '0');
        }
        return value;
    }

    private static Http1Error Bad(string reason) => new(400, reason);
}
