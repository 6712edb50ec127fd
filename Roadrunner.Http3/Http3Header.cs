namespace Roadrunner.Http3;

/// <summary>
/// A field to send. Names must be lowercase (RFC 9114 §4.2); connection-specific fields (Connection, Keep-Alive,
/// Proxy-Connection, Transfer-Encoding, Upgrade) are dropped when sent. The byte form costs nothing per send.
/// </summary>
public readonly struct Http3Header : IEquatable<Http3Header>
{
    /// <summary>A field from strings, encoded as Latin-1; the name is lowercased.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="neverIndex">Send as a never-indexed literal (RFC 9204 §7.1.3), for secrets such as cookies or tokens.</param>
    public Http3Header(string name, string value, bool neverIndex = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = System.Text.Encoding.Latin1.GetBytes(name.ToLowerInvariant());
        Value = System.Text.Encoding.Latin1.GetBytes(value);
        NeverIndex = neverIndex;
    }

    /// <summary>A field from bytes, used as they are (the name must already be lowercase).</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="neverIndex">Send as a never-indexed literal.</param>
    public Http3Header(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value, bool neverIndex = false)
    {
        Name = name;
        Value = value;
        NeverIndex = neverIndex;
    }

    /// <summary>The field name.</summary>
    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>The field value.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Send as a never-indexed literal.</summary>
    public bool NeverIndex { get; }

    /// <inheritdoc />
    public bool Equals(Http3Header other) => Name.Span.SequenceEqual(other.Name.Span) && Value.Span.SequenceEqual(other.Value.Span) && NeverIndex == other.NeverIndex;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Http3Header other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name.Length, Value.Length, NeverIndex);

    /// <summary>Same field.</summary>
    public static bool operator ==(Http3Header left, Http3Header right) => left.Equals(right);

    /// <summary>Different fields.</summary>
    public static bool operator !=(Http3Header left, Http3Header right) => !left.Equals(right);
}
