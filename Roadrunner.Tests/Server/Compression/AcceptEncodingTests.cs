using Roadrunner.Server.Compression;
using Shouldly;

namespace Roadrunner.Tests.Server.Compression;

/// <summary>RFC 9110 §12.5.3 Accept-Encoding with §12.4.2 weights.</summary>
[TestClass]
public sealed class AcceptEncodingTests
{
    private static readonly ContentCoding[] BrGzipDeflate = [ContentCoding.Brotli, ContentCoding.Gzip, ContentCoding.Deflate];
    private static readonly ContentCoding[] GzipBr = [ContentCoding.Gzip, ContentCoding.Brotli];

    private static ContentCoding? Select(string? header) => AcceptEncoding.Select(header, BrGzipDeflate);

    [TestMethod]
    [DataRow("gzip", ContentCoding.Gzip)]
    [DataRow("deflate", ContentCoding.Deflate)]
    [DataRow("br", ContentCoding.Brotli)]
    [DataRow("gzip, deflate, br", ContentCoding.Brotli)]
    [DataRow("gzip, deflate, br, zstd", ContentCoding.Brotli)]
    [DataRow("GZIP", ContentCoding.Gzip)]
    [DataRow("x-gzip", ContentCoding.Gzip)]
    [DataRow("X-Gzip;q=0.5", ContentCoding.Gzip)]
    [DataRow("gzip;q=1.0, br;q=0.9", ContentCoding.Gzip)]
    [DataRow("gzip;q=0.5, br;q=0.5", ContentCoding.Brotli)]
    [DataRow("br;q=0.001, gzip;q=0.002", ContentCoding.Gzip)]
    [DataRow("*", ContentCoding.Brotli)]
    [DataRow("*;q=0.5, gzip", ContentCoding.Gzip)]
    [DataRow("br;q=0, *", ContentCoding.Gzip)]
    [DataRow("zstd, gzip;q=0.1", ContentCoding.Gzip)]
    [DataRow(" , gzip ,, ", ContentCoding.Gzip)]
    [DataRow("gzip ; q=0.5", ContentCoding.Gzip)]
    [DataRow("gzip;Q=0.5", ContentCoding.Gzip)]
    public void ChoosesCoding(string header, ContentCoding expected) => Select(header).ShouldBe(expected);

    [TestMethod]
    public void ServerPreference_BreaksTies()
    {
        AcceptEncoding.Select("br, gzip", GzipBr).ShouldBe(ContentCoding.Gzip);
        AcceptEncoding.Select("br, gzip", BrGzipDeflate).ShouldBe(ContentCoding.Brotli);
    }

    [TestMethod]
    public void AbsentHeader_Identity() => Select(null).ShouldBe(ContentCoding.Identity);

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow(",")]
    public void EmptyHeader_IdentityOnly(string header) => Select(header).ShouldBe(ContentCoding.Identity);

    [TestMethod]
    [DataRow("identity")]
    [DataRow("zstd")]
    [DataRow("compress")]
    [DataRow("gzip;q=0")]
    [DataRow("gzip;q=0.000, br;q=0")]
    [DataRow("identity, gzip;q=0.5")]
    [DataRow("gzip;q=0.5, identity;q=0.6")]
    [DataRow("*;q=0.5, identity")]
    public void IdentityChosen(string header) => Select(header).ShouldBe(ContentCoding.Identity);

    [TestMethod]
    public void IdentityAtEqualWeight_LosesToCoding() => Select("identity;q=0.5, gzip;q=0.5").ShouldBe(ContentCoding.Gzip);

    [TestMethod]
    [DataRow("identity;q=0")]
    [DataRow("*;q=0")]
    [DataRow("*;q=0, gzip;q=0")]
    [DataRow("zstd, identity;q=0")]
    [DataRow("identity;q=0, *;q=0")]
    [DataRow("br;q=0, gzip;q=0, deflate;q=0, identity;q=0")]
    public void NothingAcceptable_Null(string header) => Select(header).ShouldBeNull();

    [TestMethod]
    public void StarZero_WithIdentityListed_IdentityStillAcceptable() => Select("*;q=0, identity").ShouldBe(ContentCoding.Identity);

    [TestMethod]
    public void StarZero_ExcludesUnlistedCodings_ListedStillWin() => Select("*;q=0, deflate;q=0.1").ShouldBe(ContentCoding.Deflate);

    [TestMethod]
    public void NoSupportedCodings_Identity()
    {
        AcceptEncoding.Select("gzip, br", []).ShouldBe(ContentCoding.Identity);
        AcceptEncoding.Select("gzip, identity;q=0", []).ShouldBeNull();
        AcceptEncoding.Select("gzip", [ContentCoding.Identity]).ShouldBe(ContentCoding.Identity);
    }

    [TestMethod]
    [DataRow("gzip;q=2")]
    [DataRow("gzip;q=1.5")]
    [DataRow("gzip;q=1.001")]
    [DataRow("gzip;q=0.0001")]
    [DataRow("gzip;q=-1")]
    [DataRow("gzip;q=.5")]
    [DataRow("gzip;q=")]
    [DataRow("gzip;q")]
    [DataRow("gzip;q =0.5")]
    [DataRow("gzip;q= 0.5")]
    [DataRow("gzip;q=0.5x")]
    [DataRow("gzip;q=1e0")]
    [DataRow("gzip;level=1")]
    [DataRow("gzip;q=0.5;level=1")]
    [DataRow("gzip;")]
    public void InvalidWeight_MemberIgnored(string header)
    {
        // Ignored: gzip is then unlisted, so identity wins ...
        AcceptEncoding.Select(header, [ContentCoding.Gzip]).ShouldBe(ContentCoding.Identity);
        // ... and "*" supplies its weight instead.
        AcceptEncoding.Select(header + ", *;q=0.3", [ContentCoding.Gzip]).ShouldBe(ContentCoding.Gzip);
    }

    [TestMethod]
    public void InvalidRefusal_DoesNotRefuse() => AcceptEncoding.Select("gzip;q=00, *", [ContentCoding.Gzip]).ShouldBe(ContentCoding.Gzip);

    [TestMethod]
    [DataRow("gzip;q=0.", ContentCoding.Identity)]
    [DataRow("gzip;q=1.", ContentCoding.Gzip)]
    [DataRow("gzip;q=1.000", ContentCoding.Gzip)]
    [DataRow("gzip;q=0.001", ContentCoding.Gzip)]
    [DataRow("gzip;q=0.000", ContentCoding.Identity)]
    public void WeightEdges(string header, ContentCoding expected)
    {
        // q=0 forms refuse gzip; with identity implicitly acceptable, identity is chosen.
        AcceptEncoding.Select(header, [ContentCoding.Gzip]).ShouldBe(expected);
    }

    [TestMethod]
    public void DuplicateListing_FirstCounts()
    {
        AcceptEncoding.Select("gzip;q=0, gzip", [ContentCoding.Gzip]).ShouldBe(ContentCoding.Identity);
        AcceptEncoding.Select("gzip, x-gzip;q=0", [ContentCoding.Gzip]).ShouldBe(ContentCoding.Gzip);
    }

    [TestMethod]
    public void Tokens()
    {
        ContentCodings.ToToken(ContentCoding.Identity).ShouldBe("identity");
        ContentCodings.ToToken(ContentCoding.Gzip).ShouldBe("gzip");
        ContentCodings.ToToken(ContentCoding.Deflate).ShouldBe("deflate");
        ContentCodings.ToToken(ContentCoding.Brotli).ShouldBe("br");
        Should.Throw<ArgumentOutOfRangeException>(() => ContentCodings.ToToken((ContentCoding)99));
    }
}
