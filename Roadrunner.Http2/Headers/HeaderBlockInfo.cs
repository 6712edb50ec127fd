namespace Roadrunner.Http2.Headers;

/// <summary>What one decoded field section holds: its regular fields' range in the store and its pseudo-header fields.</summary>
internal struct HeaderBlockInfo
{
    public int FirstField;
    public int FieldCount;
    public ReadOnlyMemory<byte> Method;
    public ReadOnlyMemory<byte> Scheme;
    public ReadOnlyMemory<byte> Authority;
    public ReadOnlyMemory<byte> Path;
    public ReadOnlyMemory<byte> Protocol;
    public ReadOnlyMemory<byte> Host;
    public int Status;
    public long ContentLength;
}
