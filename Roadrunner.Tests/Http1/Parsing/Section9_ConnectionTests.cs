using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §9.3 persistence, RFC 9110 §7.6.1 Connection, §7.8 Upgrade and §10.1.1 Expect.</summary>
[TestClass]
public sealed class Section9_ConnectionTests
{
    /// <summary>
    /// RFC 9112 §9.3: "If the "close" connection option is present, the connection will not persist ... else, If the
    /// received protocol is HTTP/1.1 (or later), the connection will persist ... else, If the received protocol is
    /// HTTP/1.0, the "keep-alive" connection option is present ... the connection will persist".
    /// </summary>
    [TestMethod]
    [DataRow("HTTP/1.1", "", true)]
    [DataRow("HTTP/1.1", "Connection: close\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: CLOSE\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: close\t\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: keep-alive\r\n", true)]
    [DataRow("HTTP/1.1", "Connection: upgrade, close\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: close, token, upgrade, token, keep-alive\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: keep-alive\r\nConnection: close\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: closed\r\n", true)]
    [DataRow("HTTP/1.1", "Connection: ,,close,,\r\n", false)]
    [DataRow("HTTP/1.0", "", false)]
    [DataRow("HTTP/1.0", "Connection: keep-alive\r\n", true)]
    [DataRow("HTTP/1.0", "Connection: Keep-Alive\r\n", true)]
    [DataRow("HTTP/1.0", "Connection: keep-alive, close\r\n", false)]
    [DataRow("HTTP/1.0", "Keep-Alive: 300\r\n", false)]
    public void S9_3_Persistence(string version, string fields, bool keepAlive) =>
        ShouldAccept($"GET / {version}\r\nHost: a\r\n{fields}\r\n").KeepAlive.ShouldBe(keepAlive);

    /// <summary>RFC 9112 §9.6: a request with "close" ends the connection — nothing after it is read.</summary>
    [TestMethod]
    public void S9_6_Close_StopsReading()
    {
        var result = Read("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");
        result.Outcome.ShouldBe(ReadOutcome.Closed);
        result.Requests.Count.ShouldBe(1);
    }

    /// <summary>
    /// RFC 9110 §7.8: "A sender of Upgrade MUST also send an "upgrade" connection option in the Connection header
    /// field"; "A server MUST ignore an Upgrade header field that is received in an HTTP/1.0 request."
    /// </summary>
    [TestMethod]
    [DataRow("HTTP/1.1", "Connection: Upgrade\r\nUpgrade: websocket\r\n", true)]
    [DataRow("HTTP/1.1", "Connection: keep-alive, upgrade\r\nUpgrade: h2c\r\n", true)]
    [DataRow("HTTP/1.1", "Upgrade: websocket\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: upgrade\r\n", false)]
    [DataRow("HTTP/1.1", "Connection: upgrade\r\nUpgrade:\r\n", false)]
    [DataRow("HTTP/1.0", "Connection: upgrade\r\nUpgrade: websocket\r\n", false)]
    public void S7_8_Upgrade_NeedsFieldAndConnectionOption(string version, string fields, bool upgrade) =>
        ShouldAccept($"GET / {version}\r\nHost: a\r\n{fields}\r\n").HasUpgrade.ShouldBe(upgrade);

    /// <summary>
    /// RFC 9110 §10.1.1: "The expectation token "100-continue" is case-insensitive"; "A server that receives a
    /// 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation."
    /// </summary>
    [TestMethod]
    [DataRow("HTTP/1.1", "Expect: 100-continue\r\n", true)]
    [DataRow("HTTP/1.1", "Expect: 100-Continue\r\n", true)]
    [DataRow("HTTP/1.1", "expect:\t100-CONTINUE \r\n", true)]
    [DataRow("HTTP/1.1", "Expect: something, 100-continue\r\n", true)]
    [DataRow("HTTP/1.1", "Expect: 100-continuex\r\n", false)]
    [DataRow("HTTP/1.1", "", false)]
    [DataRow("HTTP/1.0", "Expect: 100-continue\r\n", false)]
    public void S10_1_1_ExpectContinue(string version, string fields, bool expect) =>
        ShouldAccept($"POST / {version}\r\nHost: a\r\nContent-Length: 0\r\n{fields}\r\n").ExpectContinue.ShouldBe(expect);
}
