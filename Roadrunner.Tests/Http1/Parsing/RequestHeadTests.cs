using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>The parse contract: offsets into the caller's buffer, incremental calls, reuse and reset.</summary>
[TestClass]
public sealed class RequestHeadTests
{
    private const string Browser =
        "GET /search?q=roadrunner&lang=en HTTP/1.1\r\n" +
        "Host: www.example.com\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n" +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
        "Accept-Language: en-US,en;q=0.5\r\n" +
        "Accept-Encoding: gzip, deflate, br\r\n" +
        "Connection: keep-alive\r\n" +
        "Upgrade-Insecure-Requests: 1\r\n" +
        "Sec-Fetch-Dest: document\r\n" +
        "\r\n";

    /// <summary>Every part of the head is an offset into the buffer; nothing is copied.</summary>
    [TestMethod]
    public void Head_ReferencesTheInput()
    {
        var bytes = Bytes(Browser);
        var parser = new Http1RequestParser();
        var head = new RequestHead();
        parser.ParseHead(bytes, head, out int consumed, out _).ShouldBe(Http1ParseStatus.Complete);
        consumed.ShouldBe(bytes.Length);
        head.HeadLength.ShouldBe(bytes.Length);
        head.Method.ShouldBe(KnownMethod.Get);
        head.MethodBytes(bytes).SequenceEqual("GET"u8).ShouldBeTrue();
        head.Target(bytes).SequenceEqual("/search?q=roadrunner&lang=en"u8).ShouldBeTrue();
        head.Path(bytes).SequenceEqual("/search"u8).ShouldBeTrue();
        head.Query(bytes).SequenceEqual("q=roadrunner&lang=en"u8).ShouldBeTrue();
        head.Version.ShouldBe(Http1Version.Http11);
        head.FieldCount.ShouldBe(8);
        head.HostIndex.ShouldBe(0);
        head.Fields[head.FindField(bytes, "accept-encoding"u8)].Value(bytes).SequenceEqual("gzip, deflate, br"u8).ShouldBeTrue();
        head.KeepAlive.ShouldBeTrue();
        head.Framing.ShouldBe(BodyFraming.None);
    }

    /// <summary>Fed one byte per call with the buffer growing from the first byte, the result is the same as in one call.</summary>
    [TestMethod]
    public void ParseHead_ByteAtATime_GivesTheSameHead()
    {
        var bytes = Bytes(Browser);
        var parser = new Http1RequestParser();
        var head = new RequestHead();
        for (int i = 1; i < bytes.Length; i++)
        {
            parser.ParseHead(bytes.AsSpan(0, i), head, out int partial, out var error).ShouldBe(Http1ParseStatus.NeedMoreData);
            partial.ShouldBe(0);
            error.IsNone.ShouldBeTrue();
        }
        parser.ParseHead(bytes, head, out int consumed, out _).ShouldBe(Http1ParseStatus.Complete);
        consumed.ShouldBe(bytes.Length);
        head.FieldCount.ShouldBe(8);
        head.Fields[7].Name(bytes).SequenceEqual("Sec-Fetch-Dest"u8).ShouldBeTrue();
    }

    /// <summary>Reset() on the parser forgets a partial scan: a different request can follow.</summary>
    [TestMethod]
    public void Reset_ForgetsPartialScan()
    {
        var parser = new Http1RequestParser();
        var head = new RequestHead();
        parser.ParseHead(Bytes("POST /first HTTP/1.1\r\nHost: a\r\nContent-Le"), head, out _, out _).ShouldBe(Http1ParseStatus.NeedMoreData);
        parser.Reset();
        var bytes = Bytes("GET /x HTTP/1.0\r\n\r\n");
        parser.ParseHead(bytes, head, out int consumed, out _).ShouldBe(Http1ParseStatus.Complete);
        consumed.ShouldBe(bytes.Length);
        head.Target(bytes).SequenceEqual("/x"u8).ShouldBeTrue();
        head.FieldCount.ShouldBe(0);
    }

    /// <summary>A head reset (or swapped) between calls makes the parser start over rather than mix two states.</summary>
    [TestMethod]
    public void HeadResetBetweenCalls_RestartsTheParse()
    {
        var parser = new Http1RequestParser();
        var head = new RequestHead();
        var bytes = Bytes("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n");
        parser.ParseHead(bytes.AsSpan(0, 30), head, out _, out _).ShouldBe(Http1ParseStatus.NeedMoreData);
        head.Reset();
        parser.ParseHead(bytes, head, out _, out _).ShouldBe(Http1ParseStatus.Complete);
        head.FieldCount.ShouldBe(2);

        var other = new RequestHead();
        parser.ParseHead(bytes.AsSpan(0, 30), head, out _, out _).ShouldBe(Http1ParseStatus.NeedMoreData);
        parser.ParseHead(bytes, other, out _, out _).ShouldBe(Http1ParseStatus.Complete);
        other.FieldCount.ShouldBe(2);
    }

    /// <summary>After Complete, the next call starts a new request from the start of the buffer it is given.</summary>
    [TestMethod]
    public void AfterComplete_NextCallParsesNextRequest()
    {
        var parser = new Http1RequestParser();
        var head = new RequestHead();
        var bytes = Bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        parser.ParseHead(bytes, head, out int first, out _).ShouldBe(Http1ParseStatus.Complete);
        parser.ParseHead(bytes.AsSpan(first), head, out int second, out _).ShouldBe(Http1ParseStatus.Complete);
        head.Target(bytes.AsSpan(first)).SequenceEqual("/2"u8).ShouldBeTrue();
        (first + second).ShouldBe(bytes.Length);
    }

    /// <summary>A head built for fewer fields than the limit grows once to the limit.</summary>
    [TestMethod]
    public void SmallHead_GrowsToTheFieldLimit()
    {
        var parser = new Http1RequestParser();
        var head = new RequestHead(maxFields: 2);
        var bytes = Bytes("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        parser.ParseHead(bytes, head, out _, out _).ShouldBe(Http1ParseStatus.Complete);
        head.FieldCount.ShouldBe(4);
    }

    /// <summary>Misuse throws; wire bytes never do.</summary>
    [TestMethod]
    public void Misuse_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new Http1RequestParser().ParseHead(default, null!, out _, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => new RequestHead(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new RequestHead().FindField(default, "a"u8, -1));
    }
}
