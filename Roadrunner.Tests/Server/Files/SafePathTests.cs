using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>Mapping a request path to a file under a root, against every traversal encoding and symbolic-link escape.</summary>
[TestClass]
public sealed class SafePathTests
{
    private static string s_base = "";
    private static string s_root = "";
    private static bool s_links;

    [ClassInitialize]
    public static void CreateTree(TestContext context)
    {
        _ = context;
        s_base = Directory.CreateTempSubdirectory("roadrunner-safepath-").FullName;
        s_root = Path.Combine(s_base, "root");
        Write("root/index.html", "index");
        Write("root/css/site.css", "css");
        Write("root/.git/config", "git");
        Write("root/.env", "env");
        Write("root/.well-known/security.txt", "security");
        Write("root/%2e", "literal percent name");
        Write("root/a b.txt", "space");
        Write("root/caf\u00e9.txt", "utf8");
        Write("root/a+b.txt", "plus");
        Write("outside/secret.txt", "secret");
        Write("rootx/file.txt", "sibling with the root as prefix");
        try
        {
            File.CreateSymbolicLink(Path.Combine(s_root, "sub-link-inside"), "index.html");
            Directory.CreateDirectory(Path.Combine(s_root, "sub"));
            File.CreateSymbolicLink(Path.Combine(s_root, "sub", "link-inside"), "../index.html");
            Directory.CreateSymbolicLink(Path.Combine(s_root, "sub", "dirlink"), "../css");
            File.CreateSymbolicLink(Path.Combine(s_root, "escape"), Path.Combine(s_base, "outside", "secret.txt"));
            Directory.CreateSymbolicLink(Path.Combine(s_root, "escape-dir"), Path.Combine(s_base, "outside"));
            File.CreateSymbolicLink(Path.Combine(s_root, "rel-escape"), "../outside/secret.txt");
            File.CreateSymbolicLink(Path.Combine(s_root, "prefix-trap"), "../rootx/file.txt");
            File.CreateSymbolicLink(Path.Combine(s_root, "chain"), "sub/link-inside");
            File.CreateSymbolicLink(Path.Combine(s_root, "chain-out"), "escape");
            File.CreateSymbolicLink(Path.Combine(s_root, "loop1"), "loop2");
            File.CreateSymbolicLink(Path.Combine(s_root, "loop2"), "loop1");
            File.CreateSymbolicLink(Path.Combine(s_root, "dangling"), "nowhere");
            // Through a link to a directory, then "..": the kernel applies ".." to the target (outside), not textually.
            File.CreateSymbolicLink(Path.Combine(s_root, "dotdot-through-link"), "escape-dir/../outside/secret.txt");
            File.CreateSymbolicLink(Path.Combine(s_root, "dotdot-back-in"), "escape-dir/../root/index.html");
            Directory.CreateSymbolicLink(Path.Combine(s_base, "root-link"), s_root);
            s_links = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            s_links = false;
        }
    }

    [ClassCleanup]
    public static void DeleteTree()
    {
        if (s_base.Length > 0 && Directory.Exists(s_base))
        {
            Directory.Delete(s_base, recursive: true);
        }
    }

    private static void Write(string relative, string content)
    {
        var path = Path.Combine(s_base, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Served(string requestPath, SafePathOptions? options = null, string? root = null)
    {
        SafePath.TryResolve(root ?? s_root, requestPath, options ?? SafePathOptions.Default, out var full, out var status)
            .ShouldBeTrue($"{requestPath} refused with {status}");
        status.ShouldBe(0);
        return File.ReadAllText(full);
    }

    private static void Refused(string requestPath, int expectedStatus, SafePathOptions? options = null)
    {
        SafePath.TryResolve(s_root, requestPath, options ?? SafePathOptions.Default, out var full, out var status).ShouldBeFalse(requestPath);
        status.ShouldBe(expectedStatus, requestPath);
        full.ShouldBe("");
    }

    private void RequireLinks()
    {
        if (!s_links)
        {
            // The symlink rules are part of the path-safety contract: a machine where they cannot be checked fails loudly.
            Assert.Fail("Symbolic links could not be created in the temporary folder, so the symlink-escape rules were not checked.");
        }
    }

    [TestMethod]
    [DataRow("index.html", "index")]
    [DataRow("/index.html", "index")]
    [DataRow("//index.html", "index")]
    [DataRow("css/site.css", "css")]
    [DataRow("/css//site.css", "css")]
    [DataRow("./css/./site.css", "css")]
    [DataRow("%63ss/site%2Ecss", "css")]
    [DataRow("a%20b.txt", "space")]
    [DataRow("a b.txt", "space")]
    [DataRow("a+b.txt", "plus")]
    [DataRow("caf%C3%A9.txt", "utf8")]
    [DataRow("caf\u00e9.txt", "utf8")]
    [DataRow(".well-known/security.txt", "security")]
    [DataRow("%252e", "literal percent name")]
    public void Served_Files(string requestPath, string content) => Served(requestPath).ShouldBe(content);

    [TestMethod]
    public void FullPath_IsUnderRoot()
    {
        SafePath.TryResolve(s_root, "css/site.css", SafePathOptions.Default, out var full, out _).ShouldBeTrue();
        full.ShouldBe(Path.Combine(s_root, "css", "site.css"));
    }

    [TestMethod]
    [DataRow("../outside/secret.txt")]
    [DataRow("/../outside/secret.txt")]
    [DataRow("css/../index.html")]
    [DataRow("css/../../outside/secret.txt")]
    [DataRow("%2e%2e/outside/secret.txt")]
    [DataRow("%2E%2E/outside/secret.txt")]
    [DataRow(".%2e/outside/secret.txt")]
    [DataRow("%2e./outside/secret.txt")]
    [DataRow("..%2foutside%2fsecret.txt")]
    [DataRow("%2e%2e%2foutside%2fsecret.txt")]
    [DataRow("css%2fsite.css")]
    [DataRow("css%2Fsite.css")]
    [DataRow("..\\outside\\secret.txt")]
    [DataRow("css\\site.css")]
    [DataRow("..%5coutside%5csecret.txt")]
    [DataRow("%5c")]
    [DataRow("index.html%00")]
    [DataRow("index.html%00.png")]
    [DataRow("index.html\0")]
    [DataRow("index%01.html")]
    [DataRow("index\u0001.html")]
    [DataRow("index%7f.html")]
    [DataRow("index%0a.html")]
    [DataRow("index%C2%85.html")]
    [DataRow("/etc/passwd")]
    [DataRow("//etc/passwd")]
    [DataRow("....//outside/secret.txt")]
    [DataRow("..../outside/secret.txt")]
    [DataRow("%252e%252e/outside/secret.txt")]
    [DataRow("%252e%252e%252foutside%252fsecret.txt")]
    [DataRow("C:/Windows/win.ini")]
    [DataRow("c:")]
    [DataRow("C%3a/x")]
    [DataRow(".git/config")]
    [DataRow("%2egit/config")]
    [DataRow(".env")]
    [DataRow("css")]
    [DataRow("css/")]
    [DataRow("")]
    [DataRow("/")]
    [DataRow("missing.html")]
    public void Refused_404(string requestPath) => Refused(requestPath, 404);

    [TestMethod]
    [DataRow("%c0%ae%c0%ae/outside/secret.txt")]
    [DataRow("%c0%af")]
    [DataRow("%e0%80%ae%e0%80%ae/outside")]
    [DataRow("%c0%2e")]
    [DataRow("%zz")]
    [DataRow("%4")]
    [DataRow("index.html%")]
    [DataRow("%ff")]
    [DataRow("%ed%a0%80")]
    public void Malformed_400(string requestPath) => Refused(requestPath, 400);

    [TestMethod]
    public void LoneSurrogate_400()
    {
        Refused(new string(['a', '\ud800', 'b']), 400);
        Refused(new string(['\udc00']), 400);
    }

    [TestMethod]
    public void DotFiles_CanBeAllowed()
        => Served(".git/config", SafePathOptions.Default with { AllowDotFiles = true }).ShouldBe("git");

    [TestMethod]
    public void WellKnown_CanBeDisallowed()
        => Refused(".well-known/security.txt", 404, SafePathOptions.Default with { AllowedDotSegments = [] });

    [TestMethod]
    public void DefaultDocument_ServedForDirectories()
    {
        var options = SafePathOptions.Default with { DefaultDocument = "index.html" };
        Served("", options).ShouldBe("index");
        Served("/", options).ShouldBe("index");
        Refused("css", 404, options);
        Served("css", options with { DefaultDocument = "site.css" }).ShouldBe("css");
        Refused("", 404, options with { DefaultDocument = "../outside/secret.txt" });
        Refused("", 404, options with { DefaultDocument = ".env" });
        Refused("", 404, options with { DefaultDocument = "" });
    }

    [TestMethod]
    public void Limits()
    {
        var longName = new string('a', 300);
        Refused(longName, 404, SafePathOptions.Default with { MaxPathLength = 299 });
        Refused("a/b/c/d", 404, SafePathOptions.Default with { MaxSegments = 3 });
        Served("css/site.css", SafePathOptions.Default with { MaxSegments = 2 }).ShouldBe("css");
        Refused(string.Concat(Enumerable.Repeat("x/", 2049)), 404);
    }

    [TestMethod]
    public void Root_MustBeAbsolute()
    {
        Should.Throw<ArgumentException>(() => SafePath.TryResolve("relative/root", "x", SafePathOptions.Default, out _, out _));
        Should.Throw<ArgumentException>(() => SafePath.TryResolve("", "x", SafePathOptions.Default, out _, out _));
    }

    [TestMethod]
    public void Root_WithTrailingSeparator_Works() => Served("index.html", root: s_root + Path.DirectorySeparatorChar).ShouldBe("index");

    [TestMethod]
    public void Symlink_Inside_Allowed()
    {
        RequireLinks();
        Served("sub-link-inside").ShouldBe("index");
        Served("sub/link-inside").ShouldBe("index");
        Served("sub/dirlink/site.css").ShouldBe("css");
        Served("chain").ShouldBe("index");
        Served("dotdot-back-in").ShouldBe("index");
        SafePath.TryResolve(s_root, "sub/link-inside", SafePathOptions.Default, out var full, out _).ShouldBeTrue();
        full.ShouldBe(Path.Combine(s_root, "index.html"));
    }

    [TestMethod]
    [DataRow("escape")]
    [DataRow("escape-dir/secret.txt")]
    [DataRow("rel-escape")]
    [DataRow("prefix-trap")]
    [DataRow("chain-out")]
    [DataRow("loop1")]
    [DataRow("dangling")]
    [DataRow("dotdot-through-link")]
    public void Symlink_Escaping_Refused404(string requestPath)
    {
        RequireLinks();
        Refused(requestPath, 404);
    }

    [TestMethod]
    public void Symlink_PolicyFollow_ServesOutside()
    {
        RequireLinks();
        var follow = SafePathOptions.Default with { Symlinks = SymlinkPolicy.Follow };
        Served("escape", follow).ShouldBe("secret");
        Served("escape-dir/secret.txt", follow).ShouldBe("secret");
        SafePath.TryResolve(s_root, "escape", follow, out var full, out _).ShouldBeTrue();
        full.ShouldBe(Path.Combine(s_root, "escape"));
        Refused("loop1", 404, follow);
        Refused("dangling", 404, follow);
        Refused("../outside/secret.txt", 404, follow);
    }

    [TestMethod]
    public void Symlink_PolicyRefuse_RefusesEveryLink()
    {
        RequireLinks();
        var refuse = SafePathOptions.Default with { Symlinks = SymlinkPolicy.Refuse };
        Refused("sub/link-inside", 404, refuse);
        Refused("sub/dirlink/site.css", 404, refuse);
        Refused("escape", 404, refuse);
        Served("index.html", refuse).ShouldBe("index");
    }

    [TestMethod]
    public void Symlink_RootItselfALink_ComparedByRealPath()
    {
        RequireLinks();
        var linkedRoot = Path.Combine(s_base, "root-link");
        Served("index.html", root: linkedRoot).ShouldBe("index");
        Served("sub/link-inside", root: linkedRoot).ShouldBe("index");
        SafePath.TryResolve(linkedRoot, "escape", SafePathOptions.Default, out _, out var status).ShouldBeFalse();
        status.ShouldBe(404);
        SafePath.TryResolve(linkedRoot, "index.html", SafePathOptions.Default, out var full, out _).ShouldBeTrue();
        full.ShouldBe(Path.Combine(s_root, "index.html"));
    }

    [TestMethod]
    public void HostileInput_NeverThrows_NeverLeavesRoot()
    {
        var random = new Random(3986);
        string[] pieces = ["..", ".", "/", "\\", "%2e", "%2f", "%5c", "%00", "%c0%ae", "%25", "outside", "secret.txt", "escape", "css", "%", "a", "\0", "\u00e9"];
        for (var i = 0; i < 3000; i++)
        {
            var path = string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (SafePath.TryResolve(s_root, path, SafePathOptions.Default, out var full, out var status))
            {
                full.ShouldStartWith(s_root + Path.DirectorySeparatorChar);
                status.ShouldBe(0);
            }
            else
            {
                status.ShouldBeOneOf(400, 404);
            }
        }
    }
}
