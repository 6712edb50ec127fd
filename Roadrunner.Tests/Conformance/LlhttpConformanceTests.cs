using System.Text;
using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Conformance;

/// <summary>
/// The llhttp request corpus (<c>shared/conformance/llhttp</c>), one data row per case. A case llhttp accepts
/// must parse to the same methods, targets, versions, fields, bodies and message boundaries; a case llhttp
/// rejects must be rejected. Lenient-mode cases must be rejected. Where we deliberately differ, the case is in
/// <see cref="Deviations"/> with the RFC section that justifies it and the exact outcome we give instead.
/// </summary>
/// <remarks>
/// Most corpus requests are HTTP/1.1 without Host, which RFC 9112 §3.2 makes a 400. So that the corpus still checks
/// the message syntax, every case is read twice: with the Host requirement off (compared with the log) and with
/// the default options, which must give the same result except that it stops with
/// <see cref="Http1Errors.HostMissing"/> at the first HTTP/1.1 request without Host.
/// </remarks>
[TestClass]
public sealed class LlhttpConformanceTests
{
    private const string NotFound = "(llhttp corpus not found)";

    /// <summary>Where we deliberately differ from llhttp's log: case → the rule, and what we answer instead.</summary>
    private static readonly Dictionary<string, Deviation> Deviations = new(StringComparer.Ordinal)
    {
        ["request-invalid / HTTP protocol and ANNOUNCE method"] =
            new("RFC 9110 §9.1: method = token; an unknown method is the server's 501, not a syntax error", ReadOutcome.Closed),
        ["request-invalid / Invalid method"] =
            new("RFC 9110 §9.1: method = token; \"MKCOLA\" is a well-formed method", ReadOutcome.AtBoundary),
        ["request-method / M-SEARCH request"] =
            new("RFC 9112 §3.2.4: asterisk-form is only used for OPTIONS", ReadOutcome.Error, Http1Errors.AsteriskFormRequiresOptions),
        ["request-method / SOURCE request with ICE"] =
            new("RFC 9112 §2.3: HTTP-name is \"HTTP\" (ICE is not HTTP)", ReadOutcome.Error, Http1Errors.VersionInvalid),
        ["request-method / OPTIONS request with RTSP"] =
            new("RFC 9112 §2.3: HTTP-name is \"HTTP\" (RTSP is not HTTP)", ReadOutcome.Error, Http1Errors.VersionInvalid),
        ["request-method / ANNOUNCE request with RTSP"] =
            new("RFC 9112 §2.3: HTTP-name is \"HTTP\" (RTSP is not HTTP)", ReadOutcome.Error, Http1Errors.VersionInvalid),
        ["request-sample / No HTTP version"] =
            new("RFC 9112 §3: request-line = method SP request-target SP HTTP-version (no HTTP/0.9)", ReadOutcome.Error, Http1Errors.RequestLineInvalid),
        ["request-uri / Quotes in URI"] =
            new("RFC 9112 §3.2 / RFC 3986 §2: '\"' is not a URI character", ReadOutcome.Error, Http1Errors.TargetInvalidCharacter),
        ["request-uri / Query URL with vertical bar character"] =
            new("RFC 9112 §3.2 / RFC 3986 §2: '|' is not a URI character", ReadOutcome.Error, Http1Errors.TargetInvalidCharacter),
        ["request-uri / Fragment in URI"] =
            new("RFC 9112 §3.2: the fragment is not part of the request-target", ReadOutcome.Error, Http1Errors.TargetFragment),
        ["request-uri / `host:port` and basic auth"] =
            new("RFC 9110 §4.2.4: userinfo in an http URI is treated as an error", ReadOutcome.Error, Http1Errors.TargetUserInfo),
        ["request-transfer-encoding / POST with `chunked` as last transfer-encoding"] =
            new("RFC 9112 §3.2: the fragment (\"#hey\") is not part of the request-target", ReadOutcome.Error, Http1Errors.TargetFragment),
        ["request-transfer-encoding / POST with `chunked` as last transfer-encoding (multiple headers)"] =
            new("RFC 9112 §3.2: the fragment (\"#hey\") is not part of the request-target", ReadOutcome.Error, Http1Errors.TargetFragment),
    };

    /// <summary>One row per corpus case, named "file / title"; a single failing row when the corpus is missing.</summary>
    public static IEnumerable<TestDataRow<string>> Cases()
    {
        if (LlhttpCorpus.Cases.Count == 0)
        {
            yield return new TestDataRow<string>(NotFound) { DisplayName = NotFound };
            yield break;
        }
        foreach (var c in LlhttpCorpus.Cases) yield return new TestDataRow<string>(c.Key) { DisplayName = c.Key };
    }

    /// <summary>The corpus is found (beside the repository) and holds the cases it is known to hold.</summary>
    [TestMethod]
    public void Corpus_IsFoundAndLoaded()
    {
        LlhttpCorpus.Directory.ShouldNotBeNull($"llhttp corpus not found; looked in:{Environment.NewLine}{LlhttpCorpus.Searched}");
        LlhttpCorpus.Cases.Count.ShouldBeGreaterThan(100);
    }

    /// <summary>Every deviation names a case that exists, so the table cannot rot silently.</summary>
    [TestMethod]
    public void Deviations_NameExistingCases()
    {
        foreach (var key in Deviations.Keys) LlhttpCorpus.Cases.ShouldContain(c => c.Key == key, key);
    }

    /// <summary>One corpus case: compared with the log, or checked against its deviation or leniency.</summary>
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Case(string key)
    {
        if (key == NotFound) Assert.Fail($"llhttp corpus not found; looked in:{Environment.NewLine}{LlhttpCorpus.Searched}");

        var c = LlhttpCorpus.Get(key);
        var log = LlhttpLog.Parse(c.Log);
        var syntaxOnly = new Http1Options { RequireHost = false };
        var ours = Http1RequestReader.ReadWhole(c.Input, syntaxOnly, c.SkipBody);

        AssertSplitIndependent(c, ours, syntaxOnly);
        AssertHostRule(c, ours);

        var differences = LogComparison.Compare(c.Input, log, ours);
        string detail = $"{Environment.NewLine}ours: {ours.Describe()}{Environment.NewLine}differences: {string.Join("; ", differences)}";

        if (Deviations.TryGetValue(key, out var deviation))
        {
            differences.ShouldNotBeEmpty($"listed as a deviation ({deviation.Rfc}) but matches the log");
            ours.Outcome.ShouldBe(deviation.Ours, $"deviation {deviation.Rfc}{detail}");
            if (deviation.Reason is not null) ours.Error.Reason.ShouldBe(deviation.Reason, detail);
            return;
        }

        if (c.IsLenient)
        {
            // What a leniency flag lets through, a strict parser refuses: an error, or no reading past a close.
            bool refused = ours.Outcome == ReadOutcome.Error
                || (ours.Outcome == ReadOutcome.Closed && c.Input.AsSpan(ours.Leftover).IndexOfAnyExcept("\r\n"u8) >= 0);
            refused.ShouldBeTrue($"lenient case ({c.Type}) must be refused{detail}");
            return;
        }

        differences.ShouldBeEmpty(detail);
    }

    /// <summary>Whole, byte by byte and in random splits, the bytes give the same result.</summary>
    private static void AssertSplitIndependent(LlhttpCase c, ReadResult whole, Http1Options options)
    {
        string expected = whole.Describe();
        Http1RequestReader.ReadByteByByte(c.Input, options, c.SkipBody).Describe().ShouldBe(expected, "byte by byte");
        var random = new Random(StableSeed(c.Key));
        for (int i = 0; i < 4; i++)
        {
            Http1RequestReader.ReadRandomSplits(c.Input, random, options, c.SkipBody).Describe().ShouldBe(expected, $"random split #{i}");
        }
    }

    /// <summary>
    /// RFC 9112 §3.2: with the default options the result is the same, except that it stops with 400 at the first
    /// HTTP/1.1 request that lacks Host.
    /// </summary>
    private static void AssertHostRule(LlhttpCase c, ReadResult syntaxOnly)
    {
        var strict = Http1RequestReader.ReadWhole(c.Input, Http1Options.Default, c.SkipBody);
        if (strict.Outcome == ReadOutcome.Error && strict.Error.Reason == Http1Errors.HostMissing)
        {
            strict.Error.StatusCode.ShouldBe(400);
            int k = strict.Requests.Count;
            syntaxOnly.Requests.Count.ShouldBeGreaterThanOrEqualTo(k);
            for (int i = 0; i < k; i++) strict.Requests[i].ToString().ShouldBe(syntaxOnly.Requests[i].ToString());
            if (syntaxOnly.Requests.Count > k)
            {
                syntaxOnly.Requests[k].Version.ShouldBe(Http1Version.Http11);
                syntaxOnly.Requests[k].HostIndex.ShouldBe(-1);
            }
            return;
        }
        strict.Describe().ShouldBe(syntaxOnly.Describe(), "the Host requirement changed a result without a HostMissing error");
    }

    private static int StableSeed(string key)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(key)) hash = (hash ^ b) * 16777619;
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>A deliberate difference from llhttp: the rule, and the outcome (and reason) we give.</summary>
    private sealed record Deviation(string Rfc, ReadOutcome Ours, string? Reason = null);
}
