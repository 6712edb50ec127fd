using System.Collections;
using System.Text;
using Roadrunner.Http1;

namespace Roadrunner.Server.Requests;

/// <summary>
/// The request's header fields in arrival order, read straight from the received bytes: lookups are
/// case-insensitive and allocate only the strings they return (the span overloads allocate nothing).
/// </summary>
public sealed class RequestHeaders : IReadOnlyList<KeyValuePair<string, string>>
{
    private byte[] _buffer = [];
    private FieldRange[] _fields = [];
    private int _count;

    /// <summary>Number of fields.</summary>
    public int Count => _count;

    /// <summary>The field at <paramref name="index"/>, as strings.</summary>
    public KeyValuePair<string, string> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            var f = _fields[index];
            return new(Encoding.Latin1.GetString(f.Name(_buffer)), Encoding.Latin1.GetString(f.Value(_buffer)));
        }
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Get(name);

    internal void Set(byte[] buffer, ReadOnlySpan<FieldRange> fields)
    {
        _buffer = buffer;
        if (_fields.Length < fields.Length) _fields = new FieldRange[Math.Max(fields.Length, 16)];
        fields.CopyTo(_fields);
        _count = fields.Length;
    }

    internal void Clear() => _count = 0;

    /// <summary>Where each field lies in the received bytes.</summary>
    internal ReadOnlySpan<FieldRange> Ranges => _fields.AsSpan(0, _count);

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        var i = IndexOf(name, 0);
        return i < 0 ? null : Encoding.Latin1.GetString(_fields[i].Value(_buffer));
    }

    /// <summary>Whether a field named <paramref name="name"/> was sent.</summary>
    public bool Contains(string name) => IndexOf(name, 0) >= 0;

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        List<string>? values = null;
        for (var i = IndexOf(name, 0); i >= 0; i = IndexOf(name, i + 1))
            (values ??= []).Add(Encoding.Latin1.GetString(_fields[i].Value(_buffer)));
        return (IReadOnlyList<string>?)values ?? [];
    }

    /// <summary>
    /// All values of <paramref name="name"/> joined with ", " (RFC 9110 §5.3: a list field's lines combine in
    /// order), or null.
    /// </summary>
    public string? GetCombined(string name)
    {
        var all = GetAll(name);
        return all.Count switch { 0 => null, 1 => all[0], _ => string.Join(", ", all) };
    }

    /// <summary>The first value of <paramref name="name"/> as raw bytes, without allocating.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _count; i++)
        {
            var f = _fields[i];
            if (Ascii.EqualsIgnoreCase(f.Name(_buffer), name))
            {
                value = f.Value(_buffer);
                return true;
            }
        }

        value = default;
        return false;
    }

    private int IndexOf(string name, int start)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = start; i < _count; i++)
        {
            if (Ascii.EqualsIgnoreCase(_fields[i].Name(_buffer), name)) return i;
        }

        return -1;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
