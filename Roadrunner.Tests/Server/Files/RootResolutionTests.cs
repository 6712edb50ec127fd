using Roadrunner.Server.Files;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>
/// The static-files root's real path is kept for a second: a root that is a link swapped to another folder is followed
/// once the second is over, and until then paths resolve under the folder it pointed to.
/// </summary>
[TestClass]
public sealed class RootResolutionTests
{
    [TestMethod]
    public void SwappedRootLink_OldFolderUntilTheLifetimeEnds_ThenTheNewOne()
    {
        using var tree = new TempTree("rr-root-resolution");
        var first = tree.Folder("release-1");
        var second = tree.Folder("release-2");
        tree.Write("release-1/old.txt", "old");
        tree.Write("release-2/new.txt", "new");
        var root = Path.Combine(tree.Root, "current");
        Directory.CreateSymbolicLink(root, first);
        long now = 0;
        var cache = new RootResolution(() => now);

        Resolve(root, "old.txt", cache).ShouldBe(Path.Combine(first, "old.txt"));

        Directory.Delete(root);
        Directory.CreateSymbolicLink(root, second);
        now = RootResolution.LifetimeMilliseconds - 1;
        Resolve(root, "old.txt", cache).ShouldBe(Path.Combine(first, "old.txt"), "still the folder resolved a moment ago");
        Resolve(root, "new.txt", cache).ShouldBeNull();

        now = RootResolution.LifetimeMilliseconds;
        Resolve(root, "new.txt", cache).ShouldBe(Path.Combine(second, "new.txt"));
        Resolve(root, "old.txt", cache).ShouldBeNull();

        // Without a cache the swap shows at once, as before.
        Resolve(root, "new.txt", cache: null).ShouldBe(Path.Combine(second, "new.txt"));
    }

    /// <summary>A resolution is kept for the root it was made for only.</summary>
    [TestMethod]
    public void AnotherRoot_IsResolvedAfresh()
    {
        using var tree = new TempTree("rr-root-resolution");
        var a = tree.Folder("a");
        var b = tree.Folder("b");
        tree.Write("b/only-in-b.txt", "b");
        var cache = new RootResolution(() => 0);

        Resolve(a, "only-in-b.txt", cache).ShouldBeNull();
        Resolve(b, "only-in-b.txt", cache).ShouldBe(Path.Combine(b, "only-in-b.txt"));
    }

    private static string? Resolve(string root, string path, RootResolution? cache) =>
        SafePath.TryResolve(root, path, SafePathOptions.Default, cache, out var full, out _) ? full : null;
}
