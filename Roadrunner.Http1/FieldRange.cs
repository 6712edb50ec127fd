namespace Roadrunner.Http1;

/// <summary>
/// One header or trailer field located in a buffer: offsets are relative to the start of the buffer
/// that was parsed. The value has its leading and trailing whitespace removed (RFC 9112 §5.1).
/// </summary>
public readonly record struct FieldRange(int NameOffset, int NameLength, int ValueOffset, int ValueLength)
{
    /// <summary>The field name's bytes within <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> buffer) => buffer.Slice(NameOffset, NameLength);

    /// <summary>The field value's bytes within <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> buffer) => buffer.Slice(ValueOffset, ValueLength);
}
