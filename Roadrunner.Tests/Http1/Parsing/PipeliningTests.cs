using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §9.3.2: pipelined requests in one buffer are split where each message ends.</summary>
[TestClass]
public sealed class PipeliningTests
{
    /// <summary>
    /// RFC 9112 §9.3.2: "A server MAY process a sequence of pipelined requests in parallel if they all have safe
    /// methods ... but it MUST send the corresponding responses in the same order that the requests were received";
    /// the codec's part is to find each message's end.
    /// </summary>
    [TestMethod]
    public void S9_3_2_SeveralRequestsInOneBuffer_AreSplitAtMessageEnds()
    {
        const string Input =
            "GET /a HTTP/1.1\r\nHost: a\r\n\r\n" +
            "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello" +
            "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n" +
            "DELETE /d HTTP/1.1\r\nHost: a\r\n\r\n";
        var result = Read(Input);
        result.Outcome.ShouldBe(ReadOutcome.AtBoundary);
        result.Requests.Select(r => r.Target).ShouldBe(["/a", "/b", "/c", "/d"]);
        result.Requests[1].Body.ShouldBe(Bytes("hello"));
        result.Requests[2].Body.ShouldBe(Bytes("abcde"));
        result.Requests[2].Trailers.Single().ShouldBe(new ReadField("T", "1", Input.IndexOf("T: 1", StringComparison.Ordinal), Input.IndexOf("T: 1", StringComparison.Ordinal) + 3));
        result.Requests[3].MethodOffset.ShouldBe(Input.IndexOf("DELETE", StringComparison.Ordinal));
        result.Requests[3].End.ShouldBe(Input.Length);
    }

    /// <summary>RFC 9112 §2.2: a CRLF some clients send after a body is skipped before the next request-line.</summary>
    [TestMethod]
    public void S2_2_CrlfBetweenPipelinedRequests_IsSkipped()
    {
        var result = Read("POST /aaa HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nAAA\r\nPUT /bbb HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nBBBB\r\n");
        result.Outcome.ShouldBe(ReadOutcome.AtBoundary);
        result.Requests.Count.ShouldBe(2);
        result.Requests[1].Body.ShouldBe(Bytes("BBBB"));
    }

    /// <summary>An incomplete last request waits for more bytes; the complete ones before it are read.</summary>
    [TestMethod]
    public void S9_3_2_IncompleteLastRequest_IsPending()
    {
        var result = Read("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nPOST /3 HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        result.Outcome.ShouldBe(ReadOutcome.Partial);
        result.Requests.Count.ShouldBe(2);
    }

    /// <summary>A bad request after good ones is an error after those requests; the good ones are still read.</summary>
    [TestMethod]
    public void S9_3_2_BadRequestAfterGoodOnes_StopsThere()
    {
        var result = Read("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        result.Outcome.ShouldBe(ReadOutcome.Error);
        result.Error.Reason.ShouldBe(Http1Errors.HostDuplicate);
        result.Requests.Count.ShouldBe(1);
    }

    /// <summary>The parser is reused: each new head starts clean (no field, framing or flag carried over).</summary>
    [TestMethod]
    public void S9_3_2_ReusedHead_CarriesNothingOver()
    {
        var result = Read(
            "POST /1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: upgrade\r\n\r\n0\r\n\r\n" +
            "GET /2 HTTP/1.1\r\nHost: b\r\n\r\n");
        result.Requests.Count.ShouldBe(2);
        var second = result.Requests[1];
        second.Framing.ShouldBe(BodyFraming.None);
        second.ContentLength.ShouldBe(-1);
        second.ExpectContinue.ShouldBeFalse();
        second.Fields.Count.ShouldBe(1);
        second.HostIndex.ShouldBe(0);
        second.KeepAlive.ShouldBeTrue();
    }
}
