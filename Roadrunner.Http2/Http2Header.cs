namespace Roadrunner.Http2;

/// <summary>
/// A field to send: given as strings (names are lowercased, values encoded as Latin-1) or as bytes. Connection-specific
/// fields (Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade) are dropped when sent, as RFC 9113
/// §8.2.2 asks; an invalid name or value throws <see cref="ArgumentException"/> when sent.
/// </summary>
public readonly struct Http2Header : IEquatable<Http2Header>
{
    /// <summary>A field from strings.</summary>
    /// <param name="name">A token; uppercase letters are lowercased.</param>
    /// <param name="value">HTAB, SP, VCHAR and obs-text (up to U+00FF) only; surrounding whitespace is trimmed.</param>
    /// <param name="neverIndex">Encode as a never-indexed literal (RFC 7541 §6.2.3), for secrets such as cookies or tokens.</param>
    public Http2Header(string name, string value, bool neverIndex = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        NameString = name;
        ValueString = value;
        NeverIndex = neverIndex;
    }

    /// <summary>A field from bytes.</summary>
    /// <param name="name">A token in lowercase.</param>
    /// <param name="value">Any octets but NUL, CR and LF; surrounding whitespace is trimmed.</param>
    /// <param name="neverIndex">Encode as a never-indexed literal (RFC 7541 §6.2.3).</param>
    public Http2Header(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value, bool neverIndex = false)
    {
        NameBytes = name;
        ValueBytes = value;
        NeverIndex = neverIndex;
    }

    /// <summary>The name as given to the string constructor, else null.</summary>
    public string? NameString { get; }

    /// <summary>The value as given to the string constructor, else null.</summary>
    public string? ValueString { get; }

    /// <summary>The name as given to the byte constructor.</summary>
    public ReadOnlyMemory<byte> NameBytes { get; }

    /// <summary>The value as given to the byte constructor.</summary>
    public ReadOnlyMemory<byte> ValueBytes { get; }

    /// <summary>Encode as a never-indexed literal.</summary>
    public bool NeverIndex { get; }

    /// <inheritdoc />
    public bool Equals(Http2Header other) =>
        NameString == other.NameString && ValueString == other.ValueString && NameBytes.Equals(other.NameBytes)
        && ValueBytes.Equals(other.ValueBytes) && NeverIndex == other.NeverIndex;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Http2Header other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NameString, ValueString, NameBytes.Length, ValueBytes.Length, NeverIndex);

    /// <summary>Same field.</summary>
    public static bool operator ==(Http2Header left, Http2Header right) => left.Equals(right);

    /// <summary>Different fields.</summary>
    public static bool operator !=(Http2Header left, Http2Header right) => !left.Equals(right);
}
