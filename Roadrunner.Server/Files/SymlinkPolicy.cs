namespace Roadrunner.Server.Files;

/// <summary>What <see cref="SafePath"/> does with symbolic links (and Windows junctions) below the root.</summary>
public enum SymlinkPolicy
{
    /// <summary>Follow links whose final targets stay under the root's real path; refuse any that leaves it. The default.</summary>
    RefuseEscapes = 0,

    /// <summary>Follow every link, wherever it points. Only for trees whose links are all trusted.</summary>
    Follow,

    /// <summary>Refuse any path with a link in it below the root.</summary>
    Refuse,
}
