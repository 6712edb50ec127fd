using System.Collections;

namespace Roadrunner.Server.Cookies;

/// <summary>
/// The cookies of one request, in the order they were sent, duplicates kept. Lookups are by exact
/// (ordinal, case-sensitive) name and return the first occurrence, which RFC 6265 §5.4 makes the
/// most specific one (longest path first).
/// </summary>
public sealed class RequestCookies : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly KeyValuePair<string, string>[] _items;
    private readonly int _count;

    internal RequestCookies(KeyValuePair<string, string>[] items, int count)
    {
        _items = items;
        _count = count;
    }

    /// <summary>A collection with no cookies.</summary>
    public static RequestCookies Empty { get; } = new([], 0);

    /// <summary>Number of pairs, duplicates included.</summary>
    public int Count => _count;

    /// <summary>The pair at <paramref name="index"/>, in the order sent.</summary>
    public KeyValuePair<string, string> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _items[index];
        }
    }

    /// <summary>The value of the first cookie named <paramref name="name"/>, or null.</summary>
    public string? Get(ReadOnlySpan<char> name) => TryGetValue(name, out var value) ? value : null;

    /// <summary>Finds the first cookie named <paramref name="name"/>.</summary>
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

    /// <summary>True when a cookie named <paramref name="name"/> was sent.</summary>
    public bool Contains(ReadOnlySpan<char> name) => TryGetValue(name, out _);

    /// <summary>Every value sent for <paramref name="name"/>, in order; empty when none.</summary>
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

    /// <summary>Enumerates the pairs in the order sent without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Allocation-free enumerator over the pairs.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, string>>
    {
        private readonly RequestCookies _owner;
        private int _index;

        internal Enumerator(RequestCookies owner)
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
