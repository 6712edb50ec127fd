using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Walks the elements of a list-based field value (RFC 9110 §5.6.1): splits on commas that are not inside a
/// quoted-string, trims OWS and skips empty elements, as a recipient MUST accept them.
/// <code>
/// #element => [ element ] *( OWS "," OWS [ element ] )
/// </code>
/// </summary>
internal ref struct FieldListEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private bool _more;

    /// <summary>Starts walking <paramref name="value"/>.</summary>
    public FieldListEnumerator(ReadOnlySpan<byte> value)
    {
        _rest = value;
        _more = true;
        Current = default;
        Malformed = false;
    }

    /// <summary>The current element, without surrounding OWS, never empty.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>True when a quoted-string was not terminated; enumeration stopped there.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly FieldListEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next non-empty element.</summary>
    public bool MoveNext()
    {
        while (_more)
        {
            int end = 0;
            while (true)
            {
                int stop = _rest[end..].IndexOfAny((byte)',', (byte)'"');
                if (stop < 0)
                {
                    end = _rest.Length;
                    break;
                }
                end += stop;
                if (_rest[end] == (byte)',') break;
                int after = SkipQuotedString(_rest, end);
                if (after < 0)
                {
                    Malformed = true;
                    _more = false;
                    return false;
                }
                end = after;
            }

            var element = TrimWhitespace(_rest[..end]);
            if (end < _rest.Length)
            {
                _rest = _rest[(end + 1)..];
            }
            else
            {
                _rest = default;
                _more = false;
            }
            if (!element.IsEmpty)
            {
                Current = element;
                return true;
            }
        }
        return false;
    }
}
