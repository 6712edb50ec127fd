using System.Globalization;

namespace Roadrunner.Server.Files;

/// <summary>
/// An entity tag (RFC 9110 §8.8.3): an opaque string, strong or weak (<c>W/</c>). Comparison is
/// by <see cref="StrongEquals"/> (both strong, same characters: If-Match, If-Range) or <see cref="WeakEquals"/>
/// (same characters, weakness ignored: If-None-Match), as §8.8.3.2 says.
/// </summary>
/// <example>
/// <code>
/// var etag = EntityTag.FromFile(info.Length, info.LastWriteTimeUtc);   // "\"1a2b-8dc...\""
/// response.Headers["ETag"] = etag.ToString();
/// </code>
/// </example>
public readonly struct EntityTag : IEquatable<EntityTag>
{
    private readonly string? _tag;

    /// <summary>Creates a tag from its opaque characters, without the DQUOTEs.</summary>
    /// <exception cref="ArgumentException"><paramref name="opaqueTag"/> holds a character other than <c>etagc</c> (%x21 / %x23-7E / %x80-FF).</exception>
    public EntityTag(string opaqueTag, bool isWeak = false)
    {
        ArgumentNullException.ThrowIfNull(opaqueTag);
        foreach (var c in opaqueTag)
        {
            if (!IsEtagChar(c))
            {
                throw new ArgumentException("An entity tag holds only etagc characters (RFC 9110 §8.8.3).", nameof(opaqueTag));
            }
        }

        _tag = opaqueTag;
        IsWeak = isWeak;
    }

    private EntityTag(bool isWeak, string opaqueTag)
    {
        _tag = opaqueTag;
        IsWeak = isWeak;
    }

    /// <summary>The opaque characters, without DQUOTEs or <c>W/</c>.</summary>
    public string Tag => _tag ?? string.Empty;

    /// <summary>True for a weak tag (<c>W/"..."</c>).</summary>
    public bool IsWeak { get; }

    /// <summary>
    /// A strong tag for a file from its length and last write time: <c>"&lt;hex length&gt;-&lt;hex UTC ticks&gt;"</c>.
    /// It changes whenever either changes, which for a static file served byte for byte is what a strong
    /// validator needs.
    /// </summary>
    public static EntityTag FromFile(long length, DateTimeOffset lastModified)
        => new(false, string.Create(CultureInfo.InvariantCulture, $"{length:x}-{lastModified.UtcTicks:x}"));

    /// <summary>Parses a single entity-tag (<c>"xyz"</c> or <c>W/"xyz"</c>), surrounding SP and HTAB allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out EntityTag tag)
    {
        tag = default;
        value = value.Trim(" \t");
        if (!TryRead(value, out var weak, out var opaque, out var length) || length != value.Length)
        {
            return false;
        }

        tag = new EntityTag(weak, new string(opaque));
        return true;
    }

    /// <summary>Strong comparison: both strong and the same characters.</summary>
    public bool StrongEquals(EntityTag other) => !IsWeak && !other.IsWeak && string.Equals(Tag, other.Tag, StringComparison.Ordinal);

    /// <summary>Weak comparison: the same characters, whether weak or not.</summary>
    public bool WeakEquals(EntityTag other) => string.Equals(Tag, other.Tag, StringComparison.Ordinal);

    /// <summary>The field form: <c>"xyz"</c> or <c>W/"xyz"</c>.</summary>
    public override string ToString() => IsWeak ? "W/\"" + Tag + "\"" : "\"" + Tag + "\"";

    /// <inheritdoc/>
    public bool Equals(EntityTag other) => IsWeak == other.IsWeak && string.Equals(Tag, other.Tag, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EntityTag other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsWeak, StringComparer.Ordinal.GetHashCode(Tag));

    /// <summary>Same weakness and characters.</summary>
    public static bool operator ==(EntityTag left, EntityTag right) => left.Equals(right);

    /// <summary>Different weakness or characters.</summary>
    public static bool operator !=(EntityTag left, EntityTag right) => !left.Equals(right);

    // For characters already checked by TryRead.
    internal static EntityTag FromValidated(bool isWeak, ReadOnlySpan<char> opaqueTag) => new(isWeak, new string(opaqueTag));

    // entity-tag = [ weak ] opaque-tag ; weak = %s"W/" ; opaque-tag = DQUOTE *etagc DQUOTE
    internal static bool TryRead(ReadOnlySpan<char> s, out bool weak, out ReadOnlySpan<char> opaque, out int length)
    {
        weak = false;
        opaque = default;
        length = 0;
        var i = 0;
        if (s.Length >= 2 && s[0] == 'W' && s[1] == '/')
        {
            weak = true;
            i = 2;
        }

        if (i >= s.Length || s[i] != '"')
        {
            return false;
        }

        var start = ++i;
        while (i < s.Length && s[i] != '"')
        {
            if (!IsEtagChar(s[i]))
            {
                return false;
            }

            i++;
        }

        if (i == s.Length)
        {
            return false;
        }

        opaque = s[start..i];
        length = i + 1;
        return true;
    }

    // etagc = %x21 / %x23-7E / obs-text
    private static bool IsEtagChar(char c) => c == '!' || (c >= '#' && c <= '~') || (c >= '\x80' && c <= '\xff');
}
