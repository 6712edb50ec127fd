using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>The extension to media type table.</summary>
[TestClass]
public sealed class ContentTypesTests
{
    [TestMethod]
    [DataRow("html", "text/html; charset=utf-8")]
    [DataRow(".html", "text/html; charset=utf-8")]
    [DataRow(".HTML", "text/html; charset=utf-8")]
    [DataRow("css", "text/css; charset=utf-8")]
    [DataRow("js", "text/javascript; charset=utf-8")]
    [DataRow("mjs", "text/javascript; charset=utf-8")]
    [DataRow("json", "application/json")]
    [DataRow("txt", "text/plain; charset=utf-8")]
    [DataRow("xml", "application/xml")]
    [DataRow("svg", "image/svg+xml")]
    [DataRow("png", "image/png")]
    [DataRow("jpg", "image/jpeg")]
    [DataRow("jpeg", "image/jpeg")]
    [DataRow("gif", "image/gif")]
    [DataRow("webp", "image/webp")]
    [DataRow("avif", "image/avif")]
    [DataRow("ico", "image/x-icon")]
    [DataRow("woff", "font/woff")]
    [DataRow("woff2", "font/woff2")]
    [DataRow("wasm", "application/wasm")]
    [DataRow("pdf", "application/pdf")]
    [DataRow("mp4", "video/mp4")]
    [DataRow("webm", "video/webm")]
    [DataRow("mp3", "audio/mpeg")]
    [DataRow("map", "application/json")]
    [DataRow("csv", "text/csv; charset=utf-8")]
    [DataRow("md", "text/markdown; charset=utf-8")]
    public void Known(string extension, string expected)
    {
        ContentTypes.FromExtension(extension).ShouldBe(expected);
        ContentTypes.TryGetFromExtension(extension, out var type).ShouldBeTrue();
        type.ShouldBe(expected);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(".")]
    [DataRow("exe")]
    [DataRow("html.bak")]
    [DataRow("..html")]
    public void Unknown_IsOctetStream(string extension)
    {
        ContentTypes.FromExtension(extension).ShouldBe("application/octet-stream");
        ContentTypes.TryGetFromExtension(extension, out _).ShouldBeFalse();
    }

    [TestMethod]
    public void FromPath()
    {
        ContentTypes.FromPath("/srv/www/app.min.js").ShouldBe("text/javascript; charset=utf-8");
        ContentTypes.FromPath("README").ShouldBe(ContentTypes.Default);
        ContentTypes.FromPath("dir.html/file").ShouldBe(ContentTypes.Default);
    }
}
