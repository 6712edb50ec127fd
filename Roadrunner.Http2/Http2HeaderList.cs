using Roadrunner.Http2.Headers;

namespace Roadrunner.Http2;

/// <summary>
/// A decoded, validated field section: the pseudo-header fields by name and the regular fields in order. A view over
/// memory owned by the connection, valid until the next <see cref="Http2Connection.Receive"/>; copy what must live
/// longer. Using a view after that throws <see cref="InvalidOperationException"/>.
/// </summary>
public readonly struct Http2HeaderList : IEquatable<Http2HeaderList>
{
    private readonly HeaderStore? _store;
    private readonly int _block;
    private readonly int _generation;

    internal Http2HeaderList(HeaderStore store, int block)
    {
        _store = store;
        _block = block;
        _generation = store.Generation;
    }

    /// <summary>True for a default value that holds no section.</summary>
    public bool IsEmpty => _store is null;

    /// <summary>How many regular fields.</summary>
    public int Count => _store is null ? 0 : Info.FieldCount;

    /// <summary>The regular field at <paramref name="index"/>, in received order.</summary>
    public Http2HeaderField this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _store!.Field(Info.FirstField + index);
        }
    }

    /// <summary><c>:method</c>; empty in responses and trailers.</summary>
    public ReadOnlyMemory<byte> Method => _store is null ? default : Info.Method;

    /// <summary><c>:scheme</c>; empty when absent.</summary>
    public ReadOnlyMemory<byte> Scheme => _store is null ? default : Info.Scheme;

    /// <summary><c>:authority</c>; empty when absent.</summary>
    public ReadOnlyMemory<byte> Authority => _store is null ? default : Info.Authority;

    /// <summary><c>:path</c>; empty when absent (CONNECT).</summary>
    public ReadOnlyMemory<byte> Path => _store is null ? default : Info.Path;

    /// <summary><c>:protocol</c> of an extended CONNECT (RFC 8441); empty when absent.</summary>
    public ReadOnlyMemory<byte> Protocol => _store is null ? default : Info.Protocol;

    /// <summary><c>:status</c> of a response (client role); 0 in requests and trailers.</summary>
    public int Status => _store is null ? 0 : Info.Status;

    /// <summary>The value of <c>content-length</c>, or -1 when absent.</summary>
    public long ContentLength => _store is null ? -1 : Info.ContentLength;

    /// <summary>The value of the first field named <paramref name="name"/> (lowercase), if any.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        for (int i = 0; i < Count; i++)
        {
            var field = this[i];
            if (field.Name.Span.SequenceEqual(name))
            {
                value = field.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Enumerates the regular fields.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc />
    public bool Equals(Http2HeaderList other) => ReferenceEquals(_store, other._store) && _block == other._block && _generation == other._generation;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Http2HeaderList other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_store, _block, _generation);

    /// <summary>Same section.</summary>
    public static bool operator ==(Http2HeaderList left, Http2HeaderList right) => left.Equals(right);

    /// <summary>Different sections.</summary>
    public static bool operator !=(Http2HeaderList left, Http2HeaderList right) => !left.Equals(right);

    private ref readonly HeaderBlockInfo Info
    {
        get
        {
            if (_store!.Generation != _generation)
            {
                throw new InvalidOperationException("The header list is no longer valid: the connection received more input since it was produced.");
            }

            return ref _store.Block(_block);
        }
    }

    /// <summary>Enumerates the regular fields of a <see cref="Http2HeaderList"/> without allocating.</summary>
    public struct Enumerator
    {
        private readonly Http2HeaderList _list;
        private int _index;

        internal Enumerator(Http2HeaderList list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current field.</summary>
        public readonly Http2HeaderField Current => _list[_index];

        /// <summary>Moves to the next field.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
