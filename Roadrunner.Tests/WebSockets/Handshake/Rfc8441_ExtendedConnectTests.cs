using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Handshake;
using Shouldly;

namespace Roadrunner.Tests.WebSockets.Handshake;

/// <summary>
/// RFC 8441 (WebSockets over HTTP/2) and RFC 9220 (over HTTP/3, "the same ... as RFC 8441"): the extended CONNECT
/// request and its 200 answer.
/// </summary>
[TestClass]
public sealed class Rfc8441_ExtendedConnectTests
{
    private static TestHeaders Request(params (string, string)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            [":method"] = "CONNECT",
            [":protocol"] = "websocket",
            [":scheme"] = "https",
            [":path"] = "/chat",
            [":authority"] = "server.example.com",
            ["sec-websocket-protocol"] = "chat, superchat",
            ["sec-websocket-extensions"] = "permessage-deflate",
            ["sec-websocket-version"] = "13",
            ["origin"] = "http://www.example.com",
        };
        foreach (var (name, value) in changes)
        {
            if (value.Length == 0) fields.Remove(name);
            else fields[name] = value;
        }
        return new TestHeaders([.. fields.Select(f => (f.Key, f.Value))]);
    }

    /// <summary>
    /// RFC 8441 §5 example request (":method = CONNECT", ":protocol = websocket", ":scheme = https", ":path =
    /// /chat", ":authority = server.example.com", ...) answered ":status = 200" with "sec-websocket-protocol = chat";
    /// "The |Sec-WebSocket-Key| and |Sec-WebSocket-Accept| header fields are not used".
    /// </summary>
    [TestMethod]
    public void Rfc8441_S5_ExampleRequest_Answered200()
    {
        var options = new WebSocketOptions { Subprotocols = ["chat"], PerMessageDeflate = PerMessageDeflateOptions.Default };
        var result = WebSocketHandshake.AcceptExtendedConnect(Request(), options);
        result.IsAccepted.ShouldBeTrue();
        result.StatusCode.ShouldBe(200);
        result.Accept.ShouldBeNull();
        result.ResponseHeaders.ShouldBe([new("sec-websocket-protocol", "chat"), new("sec-websocket-extensions", "permessage-deflate")]);
        result.PerMessageDeflate.ShouldBe(new PerMessageDeflateParameters());
    }

    /// <summary>RFC 9220 §3: "The HTTP/3 ... extended CONNECT ... as defined in [RFC8441]": the same helper, the same answer.</summary>
    [TestMethod]
    public void Rfc9220_S3_Http3UsesTheSameRules()
    {
        var result = WebSocketHandshake.AcceptExtendedConnect(Request(("sec-websocket-protocol", ""), ("sec-websocket-extensions", "")));
        result.StatusCode.ShouldBe(200);
        result.ResponseHeaders.ShouldBeEmpty();
    }

    /// <summary>
    /// RFC 8441 §4: "On requests that contain the :protocol pseudo-header field, the :scheme and :path pseudo-header
    /// fields of the target URI ... MUST also be included"; §5: ":method" CONNECT and ":protocol" "websocket".
    /// </summary>
    [TestMethod]
    [DataRow(":method", "GET")]
    [DataRow(":method", "")]
    [DataRow(":protocol", "")]
    [DataRow(":protocol", "webtransport")]
    [DataRow(":scheme", "")]
    [DataRow(":path", "")]
    [DataRow(":authority", "")]
    public void Rfc8441_S4_MissingOrWrongPseudoHeader_Answered400(string name, string value)
    {
        var result = WebSocketHandshake.AcceptExtendedConnect(Request((name, value)));
        result.StatusCode.ShouldBe(400);
        result.Error!.ShouldStartWith("RFC 8441");
    }

    /// <summary>RFC 8441 §5: Sec-WebSocket-Version keeps its RFC 6455 meaning: another version is answered 426 with the one we speak.</summary>
    [TestMethod]
    [DataRow("8")]
    [DataRow("")]
    public void Rfc8441_S5_OtherVersion_Answered426(string version)
    {
        var result = WebSocketHandshake.AcceptExtendedConnect(Request(("sec-websocket-version", version)));
        result.StatusCode.ShouldBe(426);
        result.ResponseHeaders.ShouldBe([new("sec-websocket-version", "13")]);
    }

    /// <summary>:protocol is a token from the Upgrade registry, compared without case.</summary>
    [TestMethod]
    public void Rfc8441_S4_ProtocolTokenIgnoresCase() =>
        WebSocketHandshake.AcceptExtendedConnect(Request((":protocol", "WebSocket"))).StatusCode.ShouldBe(200);
}
