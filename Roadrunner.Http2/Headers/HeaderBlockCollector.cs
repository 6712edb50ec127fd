using Roadrunner.Hpack;

namespace Roadrunner.Http2.Headers;

/// <summary>
/// Receives the fields the HPACK decoder produces for one block, checks each against RFC 9113 §8.2 and §8.3, and
/// copies the valid ones into the <see cref="HeaderStore"/>. After the first violation it keeps accepting calls (the
/// decoder must finish the block so the dynamic table stays in sync) but stores nothing more.
/// </summary>
internal sealed class HeaderBlockCollector : IHeaderSink
{
    /// <summary>A distinguishable empty value, so that "present but empty" differs from "absent".</summary>
    private static readonly ReadOnlyMemory<byte> EmptyMarker = new byte[1].AsMemory(0, 0);

    private readonly HeaderStore _store;
    private HeaderBlockKind _kind;
    private bool _allowProtocol;
    private long _maxListSize;
    private long _listSize;
    private bool _regularSeen;
    private int _block;

    public HeaderBlockCollector(HeaderStore store) => _store = store;

    /// <summary>The first rule the block broke (a stream error PROTOCOL_ERROR), or null.</summary>
    public string? Malformed { get; private set; }

    /// <summary>The decoded section is larger than the limit (name + value + 32 per field, RFC 9113 §6.5.2).</summary>
    public bool TooLarge { get; private set; }

    /// <summary>The section's index in the store.</summary>
    public int Block => _block;

    /// <summary>Prepares for a new block.</summary>
    public void Begin(HeaderBlockKind kind, bool allowProtocol, int maxListSize)
    {
        _kind = kind;
        _allowProtocol = allowProtocol;
        _maxListSize = maxListSize;
        _listSize = 0;
        _regularSeen = false;
        Malformed = null;
        TooLarge = false;
        _block = _store.BeginBlock();
    }

    /// <inheritdoc />
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        if (Malformed is not null || TooLarge) return;

        _listSize += name.Length + value.Length + 32;
        if (_listSize > _maxListSize)
        {
            TooLarge = true;
            return;
        }

        if (name.Length > 0 && name[0] == (byte)':')
        {
            Malformed = OnPseudoHeader(name, value);
            return;
        }

        _regularSeen = true;
        Malformed = FieldSyntax.CheckName(name) ?? FieldSyntax.CheckValue(value) ?? OnRegularField(name, value);
        if (Malformed is null) _store.AddField(_block, name, value, neverIndexed);
    }

    /// <summary>The decoder found the section too large by its own count.</summary>
    public void MarkTooLarge() => TooLarge = true;

    /// <summary>Checks what a complete section must hold; sets <see cref="Malformed"/> when it does not.</summary>
    public void Complete()
    {
        if (Malformed is not null || TooLarge) return;
        Malformed = _kind switch
        {
            HeaderBlockKind.Request => CompleteRequest(ref _store.Block(_block)),
            HeaderBlockKind.Response => CompleteResponse(ref _store.Block(_block)),
            _ => null,
        };
    }

    private string? OnPseudoHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // RFC 9113 §8.1: "Trailers MUST NOT include pseudo-header fields".
        if (_kind == HeaderBlockKind.Trailers) return Http2Errors.PseudoInTrailers;

        // RFC 9113 §8.3: "All pseudo-header fields MUST appear in a field block before all regular field lines. Any
        // request or response that contains a pseudo-header field that appears in a field block after a regular
        // field line MUST be treated as malformed".
        if (_regularSeen) return Http2Errors.PseudoAfterRegular;

        var valueError = FieldSyntax.CheckValue(value);
        if (valueError is not null) return valueError;

        ref var info = ref _store.Block(_block);
        if (_kind == HeaderBlockKind.Response)
        {
            // RFC 9113 §8.3: "Endpoints MUST treat a request or response that contains undefined or invalid
            // pseudo-header fields as malformed". A response defines only :status.
            if (!name.SequenceEqual(":status"u8)) return Http2Errors.PseudoUnknown;
            if (info.Status != 0) return Http2Errors.PseudoDuplicate;
            info.Status = ParseStatus(value);
            return info.Status == 0 ? Http2Errors.StatusInvalid : null;
        }

        // RFC 9113 §8.3: "Pseudo-header fields defined for requests MUST NOT appear in responses; pseudo-header
        // fields defined for responses MUST NOT appear in requests." §8.3.1: the same pseudo-header field MUST NOT
        // appear more than once.
        if (name.SequenceEqual(":method"u8)) return SetOnce(ref info.Method, value);
        if (name.SequenceEqual(":scheme"u8)) return SetOnce(ref info.Scheme, value);
        if (name.SequenceEqual(":authority"u8)) return SetOnce(ref info.Authority, value);
        if (name.SequenceEqual(":path"u8)) return SetOnce(ref info.Path, value);
        if (_allowProtocol && name.SequenceEqual(":protocol"u8)) return SetOnce(ref info.Protocol, value);
        return Http2Errors.PseudoUnknown;
    }

    private string? SetOnce(ref ReadOnlyMemory<byte> slot, ReadOnlySpan<byte> value)
    {
        // An empty value is marked present too, so that a repeated empty value is still a repeat.
        if (IsPresent(slot)) return Http2Errors.PseudoDuplicate;
        slot = value.IsEmpty ? EmptyMarker : _store.Copy(value);
        return null;
    }

    private string? OnRegularField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // RFC 9113 §8.2.2: "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific header
        // fields. ... Any message containing connection-specific header fields MUST be treated as malformed".
        if (FieldSyntax.IsConnectionSpecific(name)) return Http2Errors.ConnectionSpecificField;

        // RFC 9113 §8.2.2: "The only exception to this is the TE header field, which MAY be present in an HTTP/2
        // request; when it is, it MUST NOT contain any value other than "trailers"."
        if (name.SequenceEqual("te"u8) && !FieldSyntax.EqualsIgnoreCase(value, "trailers"u8)) return Http2Errors.TeNotTrailers;

        if (_kind == HeaderBlockKind.Trailers) return null;
        ref var info = ref _store.Block(_block);
        if (name.SequenceEqual("content-length"u8))
        {
            // RFC 9110 §8.6: Content-Length = 1*DIGIT; several values that differ make the message invalid.
            if (!FieldSyntax.TryParseContentLength(value, out long length)) return Http2Errors.ContentLengthInvalid;
            if (info.ContentLength >= 0 && info.ContentLength != length) return Http2Errors.ContentLengthInvalid;
            info.ContentLength = length;
        }
        else if (name.SequenceEqual("host"u8) && _kind == HeaderBlockKind.Request && info.Host.IsEmpty)
        {
            info.Host = _store.Copy(value);
        }

        return null;
    }

    private static string? CompleteRequest(ref HeaderBlockInfo info)
    {
        bool hasMethod = IsPresent(info.Method);
        bool hasScheme = IsPresent(info.Scheme);
        bool hasPath = IsPresent(info.Path);
        bool hasAuthority = IsPresent(info.Authority);
        bool hasProtocol = IsPresent(info.Protocol);

        // RFC 9113 §8.3.1: "All HTTP/2 requests MUST include exactly one valid value for the ":method", ":scheme",
        // and ":path" pseudo-header fields, unless they are CONNECT requests".
        if (!hasMethod) return Http2Errors.MethodMissing;
        bool connect = info.Method.Span.SequenceEqual("CONNECT"u8);

        // RFC 8441 §4: ":protocol" is only used with the CONNECT method.
        if (hasProtocol && !connect) return Http2Errors.ProtocolNotAllowed;

        if (connect && !hasProtocol)
        {
            // RFC 9113 §8.5: "The ":scheme" and ":path" pseudo-header fields MUST be omitted." "The ":authority"
            // pseudo-header field contains the host and port to connect to".
            if (hasScheme || hasPath) return Http2Errors.ConnectWithSchemeOrPath;
            if (!hasAuthority) return Http2Errors.ConnectWithoutAuthority;
            return CheckHost(info);
        }

        if (!hasScheme) return Http2Errors.SchemeMissing;
        if (!hasPath) return Http2Errors.PathMissing;

        // RFC 9113 §8.3.1: ":path ... This pseudo-header field MUST NOT be empty for "http" or "https" URIs".
        var path = info.Path.Span;
        if (path.IsEmpty) return Http2Errors.PathEmpty;
        var scheme = info.Scheme.Span;
        if (scheme.SequenceEqual("http"u8) || scheme.SequenceEqual("https"u8))
        {
            // RFC 9113 §8.3.1: http(s) URIs without a path use "/"; OPTIONS without a path uses "*".
            bool asterisk = path.SequenceEqual("*"u8) && info.Method.Span.SequenceEqual("OPTIONS"u8);
            if (path[0] != (byte)'/' && !asterisk) return Http2Errors.PathInvalid;
        }

        if (connect && !hasAuthority) return Http2Errors.ConnectWithoutAuthority;
        return CheckHost(info);
    }

    private static string? CheckHost(in HeaderBlockInfo info)
    {
        // RFC 9113 §8.3.1: "A server SHOULD treat a request as malformed if it contains a Host header field that
        // identifies an entity that differs from the entity in the ":authority" pseudo-header field."
        if (IsPresent(info.Authority) && !info.Host.IsEmpty && !FieldSyntax.EqualsIgnoreCase(info.Host.Span, info.Authority.Span))
        {
            return Http2Errors.HostMismatch;
        }

        return null;
    }

    private static string? CompleteResponse(ref HeaderBlockInfo info) =>
        // RFC 9113 §8.3.2: "For HTTP/2 responses, a single ":status" pseudo-header field is defined ... MUST be
        // included in all responses".
        info.Status == 0 ? Http2Errors.StatusInvalid : null;

    private static bool IsPresent(ReadOnlyMemory<byte> slot) => !slot.IsEmpty || slot.Equals(EmptyMarker);

    private static int ParseStatus(ReadOnlySpan<byte> value)
    {
        if (value.Length != 3) return 0;
        int status = 0;
        foreach (byte b in value)
        {
            if (b is < (byte)'0' or > (byte)'9') return 0;
            status = (status * 10) + (b - '0');
        }

        return status is >= 100 and <= 999 ? status : 0;
    }
}
