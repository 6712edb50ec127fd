namespace Roadrunner.Server.Files;

/// <summary>The result of matching an entity tag against an <c>If-Match</c> or <c>If-None-Match</c> value.</summary>
public enum EntityTagMatch
{
    /// <summary>The value is <c>*</c> or lists a tag equal to the current one.</summary>
    Matched,

    /// <summary>The value is valid and lists no equal tag.</summary>
    NotMatched,

    /// <summary>The value is not <c>*</c> or a list of entity tags, or lists more than the limit.</summary>
    Invalid,
}

/// <summary>
/// The value of <c>If-Match</c> or <c>If-None-Match</c> (RFC 9110 §13.1.1, §13.1.2): <c>*</c> or a comma-separated
/// list of entity tags (empty list elements allowed, §5.6.1). Opaque tags may hold commas, so the list is read tag
/// by tag, not split.
/// </summary>
public sealed class EntityTagList
{
    private EntityTagList(bool isAny, IReadOnlyList<EntityTag> tags)
    {
        IsAny = isAny;
        Tags = tags;
    }

    /// <summary>True for <c>*</c>.</summary>
    public bool IsAny { get; }

    /// <summary>The listed tags in order (empty for <c>*</c>).</summary>
    public IReadOnlyList<EntityTag> Tags { get; }

    /// <summary>Parses a field value; false when it is invalid or lists more than <see cref="ConditionalRequestOptions.MaxEntityTags"/> tags.</summary>
    public static bool TryParse(ReadOnlySpan<char> fieldValue, ConditionalRequestOptions options, out EntityTagList list)
    {
        ArgumentNullException.ThrowIfNull(options);
        list = new EntityTagList(false, []);
        var value = fieldValue.Trim(" \t");
        if (value.SequenceEqual("*"))
        {
            list = new EntityTagList(true, []);
            return true;
        }

        var tags = new List<EntityTag>();
        var rest = value;
        while (true)
        {
            var status = Next(ref rest, out var weak, out var opaque);
            if (status == 0)
            {
                break;
            }

            if (status < 0 || tags.Count == options.MaxEntityTags)
            {
                return false;
            }

            tags.Add(EntityTag.FromValidated(weak, opaque));
        }

        list = new EntityTagList(false, tags);
        return true;
    }

    /// <summary>True when the list is <c>*</c> or holds a tag equal to <paramref name="current"/> under the chosen comparison.</summary>
    public bool Matches(EntityTag current, bool weakComparison)
    {
        if (IsAny)
        {
            return true;
        }

        foreach (var tag in Tags)
        {
            if (weakComparison ? tag.WeakEquals(current) : tag.StrongEquals(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Matches <paramref name="current"/> against a field value without allocating. The whole value is checked, so
    /// a valid tag followed by garbage is <see cref="EntityTagMatch.Invalid"/>.
    /// </summary>
    /// <param name="fieldValue">The <c>If-Match</c> or <c>If-None-Match</c> value.</param>
    /// <param name="current">The current representation's tag; null when it has none (then only <c>*</c> matches).</param>
    /// <param name="weakComparison">Weak comparison (If-None-Match) or strong (If-Match).</param>
    /// <param name="maxTags">Most tags read before the value counts as invalid.</param>
    public static EntityTagMatch Match(ReadOnlySpan<char> fieldValue, EntityTag? current, bool weakComparison, int maxTags)
    {
        var value = fieldValue.Trim(" \t");
        if (value.SequenceEqual("*"))
        {
            return EntityTagMatch.Matched;
        }

        var matched = false;
        var count = 0;
        var rest = value;
        while (true)
        {
            var status = Next(ref rest, out var weak, out var opaque);
            if (status == 0)
            {
                return matched ? EntityTagMatch.Matched : EntityTagMatch.NotMatched;
            }

            if (status < 0 || ++count > maxTags)
            {
                return EntityTagMatch.Invalid;
            }

            if (current is { } c && (weakComparison || (!weak && !c.IsWeak)) && opaque.SequenceEqual(c.Tag))
            {
                matched = true;
            }
        }
    }

    // 1 = a tag was read, 0 = end of list, -1 = invalid.
    private static int Next(ref ReadOnlySpan<char> rest, out bool weak, out ReadOnlySpan<char> opaque)
    {
        weak = false;
        opaque = default;
        rest = rest.TrimStart(" \t,");
        if (rest.IsEmpty)
        {
            return 0;
        }

        if (!EntityTag.TryRead(rest, out weak, out opaque, out var length))
        {
            return -1;
        }

        rest = rest[length..].TrimStart(" \t");
        if (!rest.IsEmpty && rest[0] != ',')
        {
            return -1;
        }

        return 1;
    }
}
