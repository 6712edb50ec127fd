namespace Roadrunner.Http1.Parsing;

/// <summary>
/// A parsed request head. Positions are offsets into the buffer that was handed to
/// <see cref="Http1RequestParser.ParseHead"/>: nothing is copied, so the caller keeps those bytes (or a
/// copy of the first <c>consumed</c> bytes) for as long as it reads the head. One instance is reused per
/// connection; <see cref="Reset"/> clears it.
/// </summary>
public sealed class RequestHead
{
    private FieldRange[] _fields;

    /// <summary>Creates a head with room for <paramref name="maxFields"/> header fields.</summary>
    public RequestHead(int maxFields = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFields);
        _fields = new FieldRange[maxFields];
    }

    /// <summary>The method, or <see cref="KnownMethod.Custom"/> (read <see cref="MethodOffset"/>).</summary>
    public KnownMethod Method { get; internal set; }

    /// <summary>Offset of the method token.</summary>
    public int MethodOffset { get; internal set; }

    /// <summary>Length of the method token.</summary>
    public int MethodLength { get; internal set; }

    /// <summary>Offset of the request-target.</summary>
    public int TargetOffset { get; internal set; }

    /// <summary>Length of the request-target.</summary>
    public int TargetLength { get; internal set; }

    /// <summary>The form of the request-target (RFC 9112 §3.2).</summary>
    public RequestTargetForm TargetForm { get; internal set; }

    /// <summary>Offset of the path (for origin and absolute forms; the whole target otherwise).</summary>
    public int PathOffset { get; internal set; }

    /// <summary>Length of the path, without the query.</summary>
    public int PathLength { get; internal set; }

    /// <summary>Offset of the query after '?', or -1 when the target has no '?'.</summary>
    public int QueryOffset { get; internal set; } = -1;

    /// <summary>Length of the query (0 for a bare '?').</summary>
    public int QueryLength { get; internal set; }

    /// <summary>HTTP/1.0 or HTTP/1.1.</summary>
    public Http1Version Version { get; internal set; }

    /// <summary>Number of header fields, in arrival order in <see cref="Fields"/>.</summary>
    public int FieldCount { get; internal set; }

    /// <summary>The header fields, in arrival order.</summary>
    public ReadOnlySpan<FieldRange> Fields => _fields.AsSpan(0, FieldCount);

    /// <summary>Index of the Host field in <see cref="Fields"/>, or -1.</summary>
    public int HostIndex { get; internal set; } = -1;

    /// <summary>How the body is delimited.</summary>
    public BodyFraming Framing { get; internal set; }

    /// <summary>The declared Content-Length, or -1 when none was sent.</summary>
    public long ContentLength { get; internal set; } = -1;

    /// <summary>
    /// Whether the connection may carry another request after this one: HTTP/1.1 without
    /// <c>Connection: close</c>, or HTTP/1.0 with <c>Connection: keep-alive</c> (RFC 9112 §9.3).
    /// </summary>
    public bool KeepAlive { get; internal set; }

    /// <summary><c>Expect: 100-continue</c> was sent (RFC 9110 §10.1.1).</summary>
    public bool ExpectContinue { get; internal set; }

    /// <summary>An <c>Upgrade</c> field was sent together with <c>Connection: upgrade</c>.</summary>
    public bool HasUpgrade { get; internal set; }

    /// <summary>Total length of the head in bytes (request line through the empty line).</summary>
    public int HeadLength { get; internal set; }

    internal FieldRange[] FieldStorage => _fields;

    internal void EnsureCapacity(int count)
    {
        if (_fields.Length < count) Array.Resize(ref _fields, count);
    }

    internal void AddField(FieldRange field) => _fields[FieldCount++] = field;

    /// <summary>Clears the head for the next request.</summary>
    public void Reset()
    {
        Method = KnownMethod.Custom;
        MethodOffset = MethodLength = TargetOffset = TargetLength = PathOffset = PathLength = 0;
        QueryOffset = -1;
        QueryLength = 0;
        TargetForm = RequestTargetForm.Origin;
        Version = Http1Version.Http11;
        FieldCount = 0;
        HostIndex = -1;
        Framing = BodyFraming.None;
        ContentLength = -1;
        KeepAlive = false;
        ExpectContinue = false;
        HasUpgrade = false;
        HeadLength = 0;
    }
}
