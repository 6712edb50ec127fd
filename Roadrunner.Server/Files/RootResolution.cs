namespace Roadrunner.Server.Files;

/// <summary>
/// The real path of a static-files root (its own links resolved), kept for a second. Without it every request would
/// walk the root's components again with a <c>readlink</c> each (three of the four a request made for
/// <c>/tmp/h3p/htdocs/hello.txt</c>; <c>perf</c> put <c>readlink</c> at 12 % of the server's time on that 13-byte file).
/// A root that is a link swapped to a new release is followed within a second.
/// </summary>
internal sealed class RootResolution
{
    /// <summary>How long a resolution is used before the root is resolved again, in milliseconds.</summary>
    public const long LifetimeMilliseconds = 1000;

    private readonly Func<long> _nowMilliseconds;
    private Entry? _entry;

    /// <param name="nowMilliseconds">The clock; <see cref="Environment.TickCount64"/> unless a test passes its own.</param>
    public RootResolution(Func<long>? nowMilliseconds = null) => _nowMilliseconds = nowMilliseconds ?? (static () => Environment.TickCount64);

    /// <summary>The real path of <paramref name="root"/> when one younger than the lifetime is kept.</summary>
    public bool TryGet(string root, out string realRoot)
    {
        // One reference read: a racing Store replaces the whole entry, so root and real path always match.
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && string.Equals(entry.Root, root, StringComparison.Ordinal) && _nowMilliseconds() - entry.At < LifetimeMilliseconds)
        {
            realRoot = entry.RealRoot;
            return true;
        }

        realRoot = string.Empty;
        return false;
    }

    /// <summary>Keeps <paramref name="realRoot"/> as the real path of <paramref name="root"/> from now.</summary>
    public void Store(string root, string realRoot) => Volatile.Write(ref _entry, new Entry(root, realRoot, _nowMilliseconds()));

    private sealed record Entry(string Root, string RealRoot, long At);
}
