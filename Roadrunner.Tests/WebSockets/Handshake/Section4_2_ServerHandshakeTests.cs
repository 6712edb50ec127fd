using System.Buffers;
using System.Text;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;
using Shouldly;

namespace Roadrunner.Tests.WebSockets.Handshake;

/// <summary>RFC 6455 §4.2 server-side opening handshake, with the §1.3 example.</summary>
[TestClass]
public sealed class Section4_2_ServerHandshakeTests
{
    /// <summary>
    /// §1.3: "if the value of the |Sec-WebSocket-Key| header field in the client's handshake were
    /// "dGhlIHNhbXBsZSBub25jZQ==", the server would append the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ...
    /// This value is then base64-encoded ... to give the value "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="".
    /// </summary>
    [TestMethod]
    public void S1_3_SampleKey_GivesSampleAccept()
    {
        SecWebSocketAccept.Compute("dGhlIHNhbXBsZSBub25jZQ==").ShouldBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        Span<byte> accept = stackalloc byte[28];
        SecWebSocketAccept.TryCompute("dGhlIHNhbXBsZSBub25jZQ==", accept).ShouldBeTrue();
        Encoding.ASCII.GetString(accept).ShouldBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    /// <summary>
    /// §4.1 item 7: the key is "a nonce consisting of a randomly selected 16-byte value that has been base64-encoded"
    /// and "MUST be selected randomly for each connection": a generated key is valid and fresh each time.
    /// </summary>
    [TestMethod]
    public void S4_1_CreatedKey_IsValidAndFresh()
    {
        var key = SecWebSocketAccept.CreateKey();
        SecWebSocketAccept.IsValidKey(key).ShouldBeTrue();
        Convert.FromBase64String(key).Length.ShouldBe(16);
        SecWebSocketAccept.CreateKey().ShouldNotBe(key);
        var result = WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", TestHeaders.Upgrade([("Sec-WebSocket-Key", key)], "Sec-WebSocket-Key"));
        result.Accept.ShouldBe(SecWebSocketAccept.Compute(key));
    }

    /// <summary>Computing the accept value allocates nothing but the returned string (and nothing at all into a span).</summary>
    [TestMethod]
    public void S4_2_2_AcceptComputation_AllocatesOnlyTheResult()
    {
        SecWebSocketAccept.Compute("dGhlIHNhbXBsZSBub25jZQ=="); // warm up
        Span<byte> accept = stackalloc byte[28];
        long before = GC.GetAllocatedBytesForCurrentThread();
        SecWebSocketAccept.TryCompute("dGhlIHNhbXBsZSBub25jZQ==", accept);
        long afterSpan = GC.GetAllocatedBytesForCurrentThread();
        var text = SecWebSocketAccept.Compute("dGhlIHNhbXBsZSBub25jZQ==");
        long afterString = GC.GetAllocatedBytesForCurrentThread();
        (afterSpan - before).ShouldBe(0);
        (afterString - afterSpan).ShouldBeLessThanOrEqualTo(24 + 2 * (text.Length + 1) + 8); // one 28-char string
    }

    /// <summary>
    /// §4.2.2 step 5: the response carries "A Status-Line with a 101 response code", "An |Upgrade| header field with
    /// value "websocket"", "A |Connection| header field with value "Upgrade"", and "A |Sec-WebSocket-Accept| header
    /// field". The §1.3 example request, answered byte for byte.
    /// </summary>
    [TestMethod]
    public void S4_2_2_ValidRequest_Answered101()
    {
        var result = WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", TestHeaders.Upgrade());
        result.IsAccepted.ShouldBeTrue();
        result.StatusCode.ShouldBe(101);
        result.Accept.ShouldBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        result.Subprotocol.ShouldBeNull();
        result.PerMessageDeflate.ShouldBeNull();
        var output = new ArrayBufferWriter<byte>();
        result.WriteHttp1Response(output);
        Encoding.ASCII.GetString(output.WrittenSpan).ShouldBe(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
    }

    /// <summary>
    /// §4.2.1 items 3–4: Upgrade "containing the value "websocket", treated as an ASCII case-insensitive value";
    /// Connection "that includes the token "Upgrade", treated as an ASCII case-insensitive value" — lists and any case.
    /// </summary>
    [TestMethod]
    [DataRow("websocket", "Upgrade")]
    [DataRow("WebSocket", "upgrade")]
    [DataRow("h2c, websocket", "keep-alive, Upgrade")]
    [DataRow("websocket ", " UPGRADE ,close")]
    public void S4_2_1_UpgradeAndConnectionTokens_CaseInsensitiveLists(string upgrade, string connection)
    {
        var headers = TestHeaders.Upgrade([("Upgrade", upgrade), ("Connection", connection)], "Upgrade", "Connection");
        WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers).StatusCode.ShouldBe(101);
    }

    /// <summary>
    /// §4.2.1: "The client's opening handshake consists of the following parts. If the server, while reading the
    /// handshake, finds that the client did not send a handshake that matches the description below ..., the server
    /// MUST stop processing the client's handshake and return an HTTP response with an appropriate error code (such
    /// as 400 Bad Request)."
    /// </summary>
    [TestMethod]
    [DataRow("POST", "HTTP/1.1", "", "", DisplayName = "not GET")]
    [DataRow("get", "HTTP/1.1", "", "", DisplayName = "method is case-sensitive")]
    [DataRow("GET", "HTTP/1.0", "", "", DisplayName = "HTTP/1.0")]
    [DataRow("GET", "HTTP/1.1", "Host", "", DisplayName = "no Host")]
    [DataRow("GET", "HTTP/1.1", "Upgrade", "", DisplayName = "no Upgrade")]
    [DataRow("GET", "HTTP/1.1", "Upgrade", "Upgrade: h2c", DisplayName = "Upgrade h2c")]
    [DataRow("GET", "HTTP/1.1", "Upgrade", "Upgrade: websockets", DisplayName = "Upgrade websockets")]
    [DataRow("GET", "HTTP/1.1", "Connection", "", DisplayName = "no Connection")]
    [DataRow("GET", "HTTP/1.1", "Connection", "Connection: keep-alive", DisplayName = "Connection without upgrade")]
    [DataRow("GET", "HTTP/1.1", "Sec-WebSocket-Key", "", DisplayName = "no key")]
    [DataRow("GET", "HTTP/1.1", "Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ", DisplayName = "key without padding")]
    [DataRow("GET", "HTTP/1.1", "Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j", DisplayName = "key of 12 bytes")]
    [DataRow("GET", "HTTP/1.1", "Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==dGhl", DisplayName = "key too long")]
    [DataRow("GET", "HTTP/1.1", "Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZ!==", DisplayName = "key not base64")]
    [DataRow("GET", "HTTP/1.1", "", "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==", DisplayName = "two keys")]
    public void S4_2_1_InvalidRequest_Answered400(string method, string version, string without, string extra)
    {
        var fields = extra.Length == 0 ? [] : new[] { (extra[..extra.IndexOf(':', StringComparison.Ordinal)], extra[(extra.IndexOf(':', StringComparison.Ordinal) + 2)..]) };
        var result = WebSocketHandshake.AcceptUpgrade(method, version, TestHeaders.Upgrade(fields, without));
        result.IsAccepted.ShouldBeFalse();
        result.StatusCode.ShouldBe(400);
        result.Error!.ShouldStartWith("RFC 6455 §4.2.1");
        result.ResponseHeaders.ShouldBeEmpty();
    }

    /// <summary>
    /// §4.2.2 step 4: "If this version does not match a version understood by the server, the server MUST abort the
    /// WebSocket handshake described in this section and instead send an appropriate HTTP error code (such as 426
    /// Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable
    /// of understanding."
    /// </summary>
    [TestMethod]
    [DataRow("8")]
    [DataRow("14")]
    [DataRow("13, 8")]
    [DataRow("")]
    [DataRow(null)]
    public void S4_2_2_OtherVersion_Answered426WithVersion13(string? version)
    {
        var headers = TestHeaders.Upgrade(version is null ? [] : [("Sec-WebSocket-Version", version)], "Sec-WebSocket-Version");
        var result = WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers);
        result.StatusCode.ShouldBe(426);
        result.ResponseHeaders.ShouldBe([new("Sec-WebSocket-Version", "13")]);
        var output = new ArrayBufferWriter<byte>();
        result.WriteHttp1Response(output);
        Encoding.ASCII.GetString(output.WrittenSpan).ShouldBe("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n");
    }

    /// <summary>
    /// §4.2.2 step 5.5 (/subprotocol/): "Either a single value representing the subprotocol the server is ready to
    /// use or null. The value chosen MUST be derived from the client's handshake, specifically by selecting one of
    /// the values from the |Sec-WebSocket-Protocol| field". The server's first preference that the client offered.
    /// </summary>
    [TestMethod]
    [DataRow("chat, superchat", "superchat")]
    [DataRow("chat", "chat")]
    [DataRow(" chat ,  superchat ", "superchat")]
    [DataRow("other", null)]
    [DataRow("SuperChat", null)]
    [DataRow(null, null)]
    public void S4_2_2_Subprotocol_ServerPreferenceAmongOffered(string? offered, string? chosen)
    {
        var options = new WebSocketOptions { Subprotocols = ["superchat", "chat"] };
        var headers = TestHeaders.Upgrade(offered is null ? [] : [("Sec-WebSocket-Protocol", offered)]);
        var result = WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers, options);
        result.Subprotocol.ShouldBe(chosen);
        result.ResponseHeaders.Any(h => h.Key == "Sec-WebSocket-Protocol").ShouldBe(chosen is not null);
    }

    /// <summary>Subprotocol lines sent as two fields combine into one list (RFC 9110 §5.3).</summary>
    [TestMethod]
    public void S4_2_2_SubprotocolOverTwoFields()
    {
        var options = new WebSocketOptions { Subprotocols = ["b"] };
        var headers = TestHeaders.Upgrade([("Sec-WebSocket-Protocol", "a"), ("Sec-WebSocket-Protocol", "b")]);
        WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers, options).Subprotocol.ShouldBe("b");
    }

    /// <summary>A full 101 with a subprotocol and permessage-deflate, in field order.</summary>
    [TestMethod]
    public void S4_2_2_ResponseWithSubprotocolAndExtension()
    {
        var options = new WebSocketOptions { Subprotocols = ["chat"], PerMessageDeflate = new() };
        var headers = TestHeaders.Upgrade([("Sec-WebSocket-Protocol", "chat"), ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")]);
        var output = new ArrayBufferWriter<byte>();
        WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", headers, options).WriteHttp1Response(output);
        Encoding.ASCII.GetString(output.WrittenSpan).ShouldBe(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n" +
            "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
    }
}
