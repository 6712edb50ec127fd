using Roadrunner.Http3.Headers;

namespace Roadrunner.Http3;

/// <summary>
/// A decoded, validated field section: the pseudo-header fields by name and the regular fields in order. A view over
/// memory owned by the connection, valid until the next input call (<see cref="Http3Connection.Receive"/>,
/// <see cref="Http3Connection.StreamReset"/>, <see cref="Http3Connection.StopSending"/>); copy what must live longer.
/// </summary>
public readonly struct Http3HeaderList : IEquatable<Http3HeaderList>
{
    private readonly FieldSection? _section;

    internal Http3HeaderList(FieldSection section) => _section = section;

    /// <summary>True for a default value that holds no section.</summary>
    public bool IsEmpty => _section is null;

    /// <summary>How many regular fields.</summary>
    public int Count => _section?.Fields.Count ?? 0;

    /// <summary>The regular field at <paramref name="index"/>, in received order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index outside 0 to <see cref="Count"/> - 1.</exception>
    public Http3Field this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _section!.Fields[index];
        }
    }

    /// <summary><c>:method</c>; empty in responses and trailers.</summary>
    public ReadOnlyMemory<byte> Method => _section?.Method ?? default;

    /// <summary><c>:scheme</c>; empty when absent.</summary>
    public ReadOnlyMemory<byte> Scheme => _section?.Scheme ?? default;

    /// <summary><c>:authority</c>; empty when absent.</summary>
    public ReadOnlyMemory<byte> Authority => _section?.Authority ?? default;

    /// <summary><c>:path</c>; empty when absent (CONNECT).</summary>
    public ReadOnlyMemory<byte> Path => _section?.Path ?? default;

    /// <summary><c>:protocol</c> of an extended CONNECT (RFC 9220); empty when absent.</summary>
    public ReadOnlyMemory<byte> Protocol => _section?.Protocol ?? default;

    /// <summary><c>:status</c> of a response (client role); 0 in requests and trailers.</summary>
    public int Status => _section?.Status ?? 0;

    /// <summary>The value of <c>content-length</c>, or -1 when absent.</summary>
    public long ContentLength => _section?.ContentLength ?? -1;

    /// <summary>The value of the first field named <paramref name="name"/> (lowercase), if any.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        for (int i = 0; i < Count; i++)
        {
            var field = _section!.Fields[i];
            if (field.Name.Span.SequenceEqual(name))
            {
                value = field.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Enumerates the regular fields without allocating.</summary>
    public List<Http3Field>.Enumerator GetEnumerator() => (_section?.Fields ?? EmptyFields).GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Http3HeaderList other) => ReferenceEquals(_section, other._section);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Http3HeaderList other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _section?.GetHashCode() ?? 0;

    /// <summary>Same section.</summary>
    public static bool operator ==(Http3HeaderList left, Http3HeaderList right) => left.Equals(right);

    /// <summary>Different sections.</summary>
    public static bool operator !=(Http3HeaderList left, Http3HeaderList right) => !left.Equals(right);

    private static readonly List<Http3Field> EmptyFields = [];
}
