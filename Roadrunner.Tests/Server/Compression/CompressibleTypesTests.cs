using Roadrunner.Server.Compression;
using Shouldly;

namespace Roadrunner.Tests.Server.Compression;

/// <summary>The table of media types compressed on the fly.</summary>
[TestClass]
public sealed class CompressibleTypesTests
{
    [TestMethod]
    [DataRow("text/html")]
    [DataRow("text/html; charset=utf-8")]
    [DataRow("TEXT/PLAIN")]
    [DataRow("text/css")]
    [DataRow("text/javascript")]
    [DataRow("text/csv")]
    [DataRow("application/json")]
    [DataRow("application/json; charset=utf-8")]
    [DataRow("application/problem+json")]
    [DataRow("application/manifest+json")]
    [DataRow("application/xml")]
    [DataRow("application/atom+xml")]
    [DataRow("image/svg+xml")]
    [DataRow("application/javascript")]
    [DataRow("application/x-javascript")]
    [DataRow("application/ecmascript")]
    [DataRow("application/x-www-form-urlencoded")]
    [DataRow("font/ttf")]
    [DataRow("font/otf")]
    [DataRow("image/x-icon")]
    [DataRow(" application/json ")]
    public void Compressible(string type) => CompressibleTypes.IsCompressible(type).ShouldBeTrue();

    [TestMethod]
    [DataRow("text/event-stream")]
    [DataRow("application/x-ndjson")]
    [DataRow("application/wasm")]
    [DataRow("image/png")]
    [DataRow("image/jpeg")]
    [DataRow("image/webp")]
    [DataRow("font/woff2")]
    [DataRow("video/mp4")]
    [DataRow("application/zip")]
    [DataRow("application/gzip")]
    [DataRow("application/octet-stream")]
    [DataRow("application/pdf")]
    [DataRow("")]
    [DataRow("text")]
    [DataRow("text/")]
    [DataRow("/json")]
    [DataRow("jsontext/plain")]
    public void NotCompressible(string type) => CompressibleTypes.IsCompressible(type).ShouldBeFalse();
}
