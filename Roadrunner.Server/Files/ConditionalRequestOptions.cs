namespace Roadrunner.Server.Files;

/// <summary>Bounds applied when evaluating conditional request headers.</summary>
public sealed record ConditionalRequestOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static ConditionalRequestOptions Default { get; } = new();

    /// <summary>
    /// Most entity tags read from one <c>If-Match</c> or <c>If-None-Match</c>. Default 32; a longer list is treated
    /// as invalid (see <see cref="ConditionalRequest"/> for what that means for each header).
    /// </summary>
    public int MaxEntityTags { get; init; } = 32;
}
