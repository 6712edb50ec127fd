namespace Roadrunner.Http3.Headers;

/// <summary>One decoded, validated field section: pseudo-header fields by name and regular fields in order. Pooled by the connection.</summary>
internal sealed class FieldSection
{
    /// <summary>The regular fields, in received order.</summary>
    public List<Http3Field> Fields { get; } = [];

    public ReadOnlyMemory<byte> Method;
    public ReadOnlyMemory<byte> Scheme;
    public ReadOnlyMemory<byte> Authority;
    public ReadOnlyMemory<byte> Path;
    public ReadOnlyMemory<byte> Protocol;
    public ReadOnlyMemory<byte> Host;
    public bool HasMethod;
    public bool HasScheme;
    public bool HasAuthority;
    public bool HasPath;
    public bool HasProtocol;
    public int Status;
    public long ContentLength = -1;

    /// <summary>Clears it for reuse.</summary>
    public void Clear()
    {
        Fields.Clear();
        Method = Scheme = Authority = Path = Protocol = Host = default;
        HasMethod = HasScheme = HasAuthority = HasPath = HasProtocol = false;
        Status = 0;
        ContentLength = -1;
    }
}
