using Roadrunner.Hpack;

namespace Roadrunner.Http3.Headers;

/// <summary>
/// Receives the field lines QPACK decodes for one stream's section, checks each against RFC 9114 §4.2 and §4.3, and
/// keeps the valid ones in a <see cref="FieldSection"/>. After the first violation it keeps accepting lines (QPACK
/// must finish the section so its table stays in step) but keeps nothing more.
/// </summary>
internal sealed class FieldCollector : IHeaderSink
{
    private readonly SectionStore _store;
    private SectionKind _kind;
    private bool _allowProtocol;
    private bool _regularSeen;
    private FieldSection? _section;

    public FieldCollector(SectionStore store) => _store = store;

    /// <summary>The first rule the section broke (a stream error H3_MESSAGE_ERROR), or null.</summary>
    public string? Malformed { get; private set; }

    /// <summary>Prepares for a new section.</summary>
    public void Begin(SectionKind kind, bool allowProtocol)
    {
        _kind = kind;
        _allowProtocol = allowProtocol;
        _regularSeen = false;
        _section = null;
        Malformed = null;
    }

    /// <summary>The section decoded; acquired from the store on the first line, so a blocked section lands in the call that decodes it.</summary>
    public FieldSection Section => _section ??= _store.Acquire();

    /// <inheritdoc />
    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        if (Malformed is not null) return;
        if (name.Length > 0 && name[0] == (byte)':')
        {
            Malformed = OnPseudo(name, value);
            return;
        }
        _regularSeen = true;
        Malformed = FieldRules.CheckName(name) ?? FieldRules.CheckValue(value) ?? OnRegular(name, value);
        if (Malformed is null) Section.Fields.Add(new Http3Field(_store.Arena.Copy(name), _store.Arena.Copy(value)));
    }

    /// <summary>Checks what a complete section must hold; sets <see cref="Malformed"/> when it does not.</summary>
    public void Complete()
    {
        if (Malformed is not null) return;
        Malformed = _kind switch
        {
            SectionKind.Request => CompleteRequest(Section),
            SectionKind.Response => Section.Status == 0 ? Http3Errors.StatusInvalid : null,
            _ => null,
        };
    }

    private string? OnPseudo(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // §4.3: "Pseudo-header fields MUST NOT appear in trailer sections."
        if (_kind == SectionKind.Trailers) return Http3Errors.PseudoInTrailers;

        // §4.3: "All pseudo-header fields MUST appear in the header section before regular fields. Any request or
        // response that contains a pseudo-header field that appears in a header section after a regular field MUST be
        // treated as malformed."
        if (_regularSeen) return Http3Errors.PseudoAfterRegular;
        if (FieldRules.CheckValue(value) is { } invalid) return invalid;

        var section = Section;
        if (_kind == SectionKind.Response)
        {
            // §4.3: "Pseudo-header fields defined for requests MUST NOT appear in responses".
            if (!name.SequenceEqual(":status"u8)) return Http3Errors.PseudoUnknown;
            if (section.Status != 0) return Http3Errors.PseudoDuplicate;
            section.Status = FieldRules.ParseStatus(value);
            return section.Status == 0 ? Http3Errors.StatusInvalid : null;
        }

        // §4.3.1: "the same pseudo-header field name MUST NOT appear more than once in a field section".
        if (name.SequenceEqual(":method"u8)) return Set(ref section.Method, ref section.HasMethod, value);
        if (name.SequenceEqual(":scheme"u8)) return Set(ref section.Scheme, ref section.HasScheme, value);
        if (name.SequenceEqual(":authority"u8)) return Set(ref section.Authority, ref section.HasAuthority, value);
        if (name.SequenceEqual(":path"u8)) return Set(ref section.Path, ref section.HasPath, value);

        // RFC 9220 §3: ":protocol" is defined only once SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 was sent.
        if (name.SequenceEqual(":protocol"u8)) return _allowProtocol ? Set(ref section.Protocol, ref section.HasProtocol, value) : Http3Errors.ProtocolNotAllowed;
        return Http3Errors.PseudoUnknown;
    }

    private string? Set(ref ReadOnlyMemory<byte> slot, ref bool present, ReadOnlySpan<byte> value)
    {
        if (present) return Http3Errors.PseudoDuplicate;
        present = true;
        slot = _store.Arena.Copy(value);
        return null;
    }

    private string? OnRegular(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // §4.2: connection-specific fields make the message malformed; "te" may only say "trailers".
        if (FieldRules.IsConnectionSpecific(name)) return Http3Errors.ConnectionSpecificField;
        if (name.SequenceEqual("te"u8) && !System.Text.Ascii.EqualsIgnoreCase(value, "trailers"u8)) return Http3Errors.TeNotTrailers;
        if (_kind == SectionKind.Trailers) return null;

        var section = Section;
        if (name.SequenceEqual("content-length"u8))
        {
            if (!FieldRules.TryParseContentLength(value, out long length)) return Http3Errors.ContentLengthInvalid;
            if (section.ContentLength >= 0 && section.ContentLength != length) return Http3Errors.ContentLengthInvalid;
            section.ContentLength = length;
        }
        else if (name.SequenceEqual("host"u8) && _kind == SectionKind.Request && section.Host.IsEmpty)
        {
            section.Host = _store.Arena.Copy(value);
        }
        return null;
    }

    private static string? CompleteRequest(FieldSection section)
    {
        // §4.3.1: "All HTTP/3 requests MUST include exactly one value for the :method, :scheme, and :path
        // pseudo-header fields, unless the request is a CONNECT request".
        if (!section.HasMethod) return Http3Errors.MethodMissing;
        bool connect = section.Method.Span.SequenceEqual("CONNECT"u8);

        // RFC 9220 §3 (RFC 8441 §4): ":protocol" only with CONNECT.
        if (section.HasProtocol && !connect) return Http3Errors.ProtocolNotAllowed;

        if (connect && !section.HasProtocol)
        {
            // §4.4: "The :scheme and :path pseudo-header fields are omitted"; ":authority" names where to connect.
            if (section.HasScheme || section.HasPath || !section.HasAuthority) return Http3Errors.ConnectInvalid;
            return CheckAuthority(section);
        }

        if (!section.HasScheme) return Http3Errors.SchemeMissing;
        if (!section.HasPath) return Http3Errors.PathMissing;
        var scheme = section.Scheme.Span;
        bool web = scheme.SequenceEqual("http"u8) || scheme.SequenceEqual("https"u8);
        if (web)
        {
            // §4.3.1: ":path ... MUST NOT be empty for "http" or "https" URIs"; "*" only for OPTIONS.
            var path = section.Path.Span;
            bool asterisk = path.SequenceEqual("*"u8) && section.Method.Span.SequenceEqual("OPTIONS"u8);
            if (path.IsEmpty || (path[0] != (byte)'/' && !asterisk)) return Http3Errors.PathInvalid;

            // §4.3.1: these schemes have an authority: ":authority" or Host must be present.
            if (!section.HasAuthority && section.Host.IsEmpty) return Http3Errors.AuthorityMissing;
        }
        if (connect && !section.HasAuthority) return Http3Errors.ConnectInvalid;
        return CheckAuthority(section);
    }

    private static string? CheckAuthority(FieldSection section)
    {
        // §4.3.1: ":authority ... MUST NOT include the deprecated userinfo subcomponent"; "If both fields are present,
        // they MUST contain the same value."
        if (section.HasAuthority && section.Authority.Span.IndexOf((byte)'@') >= 0) return Http3Errors.AuthorityInvalid;
        if (section.HasAuthority && !section.Host.IsEmpty && !System.Text.Ascii.EqualsIgnoreCase(section.Host.Span, section.Authority.Span))
            return Http3Errors.AuthorityInvalid;
        return null;
    }
}
