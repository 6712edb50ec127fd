using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §13.1 preconditions evaluated in the §13.2.2 order.</summary>
[TestClass]
public sealed class ConditionalRequestTests
{
    private static readonly DateTimeOffset Modified = new(2024, 5, 1, 12, 0, 0, 500, TimeSpan.Zero);
    private static readonly EntityTag Current = new("v1");
    private const string ModifiedText = "Wed, 01 May 2024 12:00:00 GMT";
    private const string Before = "Wed, 01 May 2024 11:59:59 GMT";
    private const string After = "Wed, 01 May 2024 12:00:01 GMT";

    private static ConditionalResult Eval(
        string method = "GET",
        string? ifMatch = null,
        string? ifNoneMatch = null,
        string? ifModifiedSince = null,
        string? ifUnmodifiedSince = null,
        string? ifRange = null,
        bool hasRange = false,
        EntityTag? etag = null,
        DateTimeOffset? lastModified = null,
        bool noValidators = false)
        => ConditionalRequest.Evaluate(
            method,
            noValidators ? null : etag ?? Current,
            noValidators ? null : lastModified ?? Modified,
            ifMatch,
            ifNoneMatch,
            ifModifiedSince,
            ifUnmodifiedSince,
            ifRange,
            hasRange);

    private static readonly ConditionalResult Proceed = new(ConditionalOutcome.Proceed, false);
    private static readonly ConditionalResult NotModified = new(ConditionalOutcome.NotModified, false);
    private static readonly ConditionalResult Failed = new(ConditionalOutcome.PreconditionFailed, false);

    [TestMethod]
    public void NoConditions_Proceed() => Eval().ShouldBe(Proceed);

    [TestMethod]
    [DataRow("\"v1\"")]
    [DataRow("*")]
    [DataRow("\"x\", \"v1\"")]
    public void S13_1_1_IfMatch_StrongMatch_Proceeds(string ifMatch) => Eval("PUT", ifMatch: ifMatch).ShouldBe(Proceed);

    [TestMethod]
    [DataRow("\"v2\"")]
    [DataRow("W/\"v1\"")]
    [DataRow("")]
    [DataRow("garbage")]
    [DataRow("\"v1\" junk")]
    public void S13_1_1_IfMatch_NoStrongMatch_412(string ifMatch) => Eval("PUT", ifMatch: ifMatch).ShouldBe(Failed);

    [TestMethod]
    public void S13_1_1_IfMatch_WeakCurrentTag_NeverMatches() => Eval("GET", ifMatch: "W/\"v1\"", etag: new EntityTag("v1", true)).ShouldBe(Failed);

    [TestMethod]
    public void S13_1_1_IfMatch_OverTagLimit_412()
    {
        var list = string.Join(", ", Enumerable.Range(0, 33).Select(i => $"\"t{i}\"")) + ", \"v1\"";
        Eval("PUT", ifMatch: list).ShouldBe(Failed);
    }

    [TestMethod]
    public void S13_1_4_IfUnmodifiedSince()
    {
        Eval("PUT", ifUnmodifiedSince: ModifiedText).ShouldBe(Proceed);
        Eval("PUT", ifUnmodifiedSince: After).ShouldBe(Proceed);
        Eval("PUT", ifUnmodifiedSince: Before).ShouldBe(Failed);
        Eval("PUT", ifUnmodifiedSince: "not a date").ShouldBe(Proceed);
        Eval("PUT", ifUnmodifiedSince: Before, noValidators: true).ShouldBe(Proceed);
    }

    [TestMethod]
    public void S13_2_2_IfMatch_TakesPrecedenceOverIfUnmodifiedSince()
        => Eval("PUT", ifMatch: "\"v1\"", ifUnmodifiedSince: Before).ShouldBe(Proceed);

    [TestMethod]
    [DataRow("GET")]
    [DataRow("HEAD")]
    public void S13_1_2_IfNoneMatch_Match_304ForGetHead(string method)
    {
        Eval(method, ifNoneMatch: "\"v1\"").ShouldBe(NotModified);
        Eval(method, ifNoneMatch: "W/\"v1\"").ShouldBe(NotModified);
        Eval(method, ifNoneMatch: "*").ShouldBe(NotModified);
        Eval(method, ifNoneMatch: "\"a\", W/\"v1\"").ShouldBe(NotModified);
    }

    [TestMethod]
    public void S13_1_2_IfNoneMatch_Match_412ForOtherMethods()
    {
        Eval("PUT", ifNoneMatch: "*").ShouldBe(Failed);
        Eval("POST", ifNoneMatch: "\"v1\"").ShouldBe(Failed);
    }

    [TestMethod]
    [DataRow("\"v2\"")]
    [DataRow("")]
    [DataRow("garbage")]
    [DataRow("v1")]
    public void S13_1_2_IfNoneMatch_NoMatchOrInvalid_Proceeds(string value) => Eval(ifNoneMatch: value).ShouldBe(Proceed);

    [TestMethod]
    public void S13_1_3_IfModifiedSince()
    {
        Eval(ifModifiedSince: ModifiedText).ShouldBe(NotModified);
        Eval(ifModifiedSince: After).ShouldBe(NotModified);
        Eval(ifModifiedSince: Before).ShouldBe(Proceed);
        Eval("HEAD", ifModifiedSince: ModifiedText).ShouldBe(NotModified);
        Eval(ifModifiedSince: "Wednesday, 01-May-24 12:00:00 GMT").ShouldBe(NotModified);
        Eval(ifModifiedSince: "Wed May  1 12:00:00 2024").ShouldBe(NotModified);
    }

    [TestMethod]
    public void S13_1_3_IfModifiedSince_Ignored_WhenInvalid_NotGetHead_NoLastModified_OrIfNoneMatchPresent()
    {
        Eval(ifModifiedSince: "yesterday").ShouldBe(Proceed);
        Eval(ifModifiedSince: ModifiedText + ", " + ModifiedText).ShouldBe(Proceed);
        Eval("POST", ifModifiedSince: ModifiedText).ShouldBe(Proceed);
        Eval(ifModifiedSince: ModifiedText, noValidators: true).ShouldBe(Proceed);
        Eval(ifNoneMatch: "\"other\"", ifModifiedSince: ModifiedText).ShouldBe(Proceed);
    }

    [TestMethod]
    public void S13_2_2_FailedIfMatch_BeatsIfNoneMatch() => Eval("GET", ifMatch: "\"zz\"", ifNoneMatch: "\"v1\"").ShouldBe(Failed);

    [TestMethod]
    public void S13_2_2_IfNoneMatchMatchWins_OverIfModifiedSince() => Eval(ifNoneMatch: "\"v1\"", ifModifiedSince: Before).ShouldBe(NotModified);

    [TestMethod]
    public void S14_2_Range_AppliesOnlyToGet()
    {
        Eval(hasRange: true).ShouldBe(new ConditionalResult(ConditionalOutcome.Proceed, true));
        Eval("HEAD", hasRange: true).ShouldBe(Proceed);
        Eval("POST", hasRange: true).ShouldBe(Proceed);
    }

    [TestMethod]
    public void S13_1_5_IfRange_WithoutRange_Ignored() => Eval(ifRange: "\"nope\"").ShouldBe(Proceed);

    [TestMethod]
    [DataRow("\"v1\"", true)]
    [DataRow(" \"v1\" ", true)]
    [DataRow("\"v2\"", false)]
    [DataRow("W/\"v1\"", false)]
    [DataRow(ModifiedText, true)]
    [DataRow(Before, false)]
    [DataRow(After, false)]
    [DataRow("garbage", false)]
    [DataRow("", false)]
    public void S13_1_5_IfRange(string ifRange, bool rangeApplies)
        => Eval(ifRange: ifRange, hasRange: true).ShouldBe(new ConditionalResult(ConditionalOutcome.Proceed, rangeApplies));

    [TestMethod]
    public void S13_1_5_IfRange_WeakCurrentTag_NeverMatches()
        => Eval(ifRange: "\"v1\"", hasRange: true, etag: new EntityTag("v1", true)).RangeApplies.ShouldBeFalse();

    [TestMethod]
    public void S13_1_5_IfRange_NoValidators_FullBody()
    {
        Eval(ifRange: "\"v1\"", hasRange: true, noValidators: true).RangeApplies.ShouldBeFalse();
        Eval(ifRange: ModifiedText, hasRange: true, noValidators: true).RangeApplies.ShouldBeFalse();
    }

    [TestMethod]
    public void NotModified_NeverAppliesRange() => Eval(ifNoneMatch: "\"v1\"", hasRange: true).ShouldBe(NotModified);

    [TestMethod]
    public void MethodIsCaseSensitive() => Eval("get", ifNoneMatch: "\"v1\"").ShouldBe(Failed);
}
