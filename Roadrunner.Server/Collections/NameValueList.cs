using System.Collections;

namespace Roadrunner.Server.Collections;

/// <summary>
/// Name/value pairs in the order they arrived, repeated names kept: the shape shared by query strings,
/// form bodies and cookies. Names are matched exactly (ordinal, case-sensitive); <see cref="Get"/>
/// returns the first occurrence. Lookups and enumeration allocate nothing.
/// </summary>
public abstract class NameValueList : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly KeyValuePair<string, string>[] _items;
    private readonly int _count;

    private protected NameValueList(KeyValuePair<string, string>[] items, int count)
    {
        _items = items;
        _count = count;
    }

    /// <summary>Number of pairs, repeats included.</summary>
    public int Count => _count;

    /// <summary>The pair at <paramref name="index"/>, in input order.</summary>
    public KeyValuePair<string, string> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _items[index];
        }
    }

    /// <summary>The first value for <paramref name="name"/>, or null.</summary>
    public string? Get(ReadOnlySpan<char> name) => TryGetValue(name, out var value) ? value : null;

    /// <summary>Finds the first value for <paramref name="name"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<char> name, out string value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (name.SequenceEqual(_items[i].Key))
            {
                value = _items[i].Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>True when <paramref name="name"/> occurs.</summary>
    public bool Contains(ReadOnlySpan<char> name) => TryGetValue(name, out _);

    /// <summary>Every value for <paramref name="name"/>, in input order; empty when none.</summary>
    public IReadOnlyList<string> GetAll(ReadOnlySpan<char> name)
    {
        List<string>? values = null;
        for (var i = 0; i < _count; i++)
        {
            if (name.SequenceEqual(_items[i].Key))
            {
                (values ??= []).Add(_items[i].Value);
            }
        }

        return values is null ? [] : values;
    }

    /// <summary>Enumerates the pairs in input order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Allocation-free enumerator over the pairs.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, string>>
    {
        private readonly NameValueList _owner;
        private int _index;

        internal Enumerator(NameValueList owner)
        {
            _owner = owner;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly KeyValuePair<string, string> Current => _owner._items[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _owner._count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
