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

    /// <summary>
    /// Creates a head for up to <paramref name="maxFields"/> header fields. Room for 16 is made at once and the rest
    /// as requests need it, so a connection that never sees a large head never holds room for one.
    /// </summary>
    public RequestHead(int maxFields = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFields);
        _fields = new FieldRange[Math.Min(maxFields, 16)];
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

    /// <summary>
    /// Total length of the head in bytes (request line through the empty line). Empty lines ignored before the
    /// request-line are not included; the <c>consumed</c> count of <see cref="Http1RequestParser.ParseHead"/> is.
    /// </summary>
    public int HeadLength { get; internal set; }

    /// <summary>Bumped by <see cref="Reset"/>, so a parser can tell that a head it was filling was cleared.</summary>
    internal int Generation { get; private set; }

    /// <summary>The method token within <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<byte> MethodBytes(ReadOnlySpan<byte> buffer) => buffer.Slice(MethodOffset, MethodLength);

    /// <summary>The whole request-target within <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<byte> Target(ReadOnlySpan<byte> buffer) => buffer.Slice(TargetOffset, TargetLength);

    /// <summary>
    /// The path within <paramref name="buffer"/>, still percent-encoded; empty for an absolute-form target
    /// without a path (which means "/"), the whole target for authority and asterisk forms.
    /// </summary>
    public ReadOnlySpan<byte> Path(ReadOnlySpan<byte> buffer) => buffer.Slice(PathOffset, PathLength);

    /// <summary>The query after '?' within <paramref name="buffer"/>, or empty when there is none.</summary>
    public ReadOnlySpan<byte> Query(ReadOnlySpan<byte> buffer) => QueryOffset < 0 ? default : buffer.Slice(QueryOffset, QueryLength);

    /// <summary>
    /// Finds a field by name, ASCII case-insensitively (RFC 9110 §5.1), without allocating.
    /// </summary>
    /// <param name="buffer">The buffer the head was parsed from.</param>
    /// <param name="lowerCaseName">The name to look for, e.g. <c>"content-type"u8</c>.</param>
    /// <param name="startIndex">Where to start in <see cref="Fields"/>; pass the last index + 1 to find repeats.</param>
    /// <returns>The index in <see cref="Fields"/>, or -1.</returns>
    public int FindField(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> lowerCaseName, int startIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        var fields = Fields;
        for (int i = startIndex; i < fields.Length; i++)
        {
            if (fields[i].NameLength == lowerCaseName.Length
                && System.Text.Ascii.EqualsIgnoreCase(buffer.Slice(fields[i].NameOffset, fields[i].NameLength), lowerCaseName))
            {
                return i;
            }
        }
        return -1;
    }

    internal void AddField(FieldRange field)
    {
        if (FieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[FieldCount++] = field;
    }

    /// <summary>Clears the head for the next request.</summary>
    public void Reset()
    {
        Generation++;
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
