using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.3 (h2spec "5.3.1 Stream Dependencies" and "generic/3.3"): priority signals are checked, then ignored.</summary>
[TestClass]
public sealed class Section5_3_PriorityTests
{
    /// <summary>RFC 9113 §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error (Section 5.4.2) of type PROTOCOL_ERROR." (h2spec 5.3.1/1: HEADERS)</summary>
    [TestMethod]
    public void S5_3_HeadersDependingOnItself_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true, priority: (false, 1, 15)));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityDependsOnItself);
        server.Events.ShouldNotContain(e => e.Kind == Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>RFC 9113 §5.3.1: a stream cannot depend on itself (h2spec 5.3.1/2: PRIORITY).</summary>
    [TestMethod]
    public void S5_3_PriorityDependingOnItself_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Priority(1, 1));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityDependsOnItself);
    }

    /// <summary>RFC 9113 §5.3.2: "... MUST ... ignore" the deprecated scheme; HEADERS with the PRIORITY flag is parsed and served (h2spec generic/3.2/3).</summary>
    [TestMethod]
    public void S5_3_HeadersWithPriority_IsServed()
    {
        using var server = new ServerHarness();
        var events = server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/p"), endStream: true, priority: (true, 0, 255)));
        events.ShouldHaveSingleItem().Headers!.Path.ShouldBe("/p");
    }

    /// <summary>PRIORITY frames with any weight, dependency or exclusive bit change nothing (h2spec generic/3.3/1–4).</summary>
    [TestMethod]
    [DataRow(0, (byte)0, false)]
    [DataRow(0, (byte)255, false)]
    [DataRow(3, (byte)15, false)]
    [DataRow(3, (byte)15, true)]
    public void S5_3_PriorityFrames_AreIgnored(int dependency, byte weight, bool exclusive)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Priority(1, dependency, weight, exclusive));
        server.ShouldWriteNothing();
        server.Send(new FrameBuilder().Data(1, "x"u8.ToArray(), endStream: true)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.DataReceived);
    }
}
