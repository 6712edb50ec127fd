using System.Buffers;
using System.Text;
using Roadrunner.Server.Sse;
using Shouldly;

namespace Roadrunner.Tests.Server.Sse;

/// <summary>WHATWG HTML §9.2.5: the text/event-stream format, written so that no field can inject another.</summary>
[TestClass]
public sealed class EventStreamFormattingTests
{
    private static string Format(SseEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.Format(buffer, e);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [TestMethod]
    public void DataOnly() => Format(new SseEvent { Data = "hello" }).ShouldBe("data: hello\n\n");

    [TestMethod]
    public void AllFields_InOrder()
        => Format(new SseEvent { Comment = "c", Event = "tick", Id = "42", Retry = TimeSpan.FromSeconds(1.5), Data = "d" })
            .ShouldBe(": c\nevent: tick\nid: 42\nretry: 1500\ndata: d\n\n");

    [TestMethod]
    [DataRow("a\nb\nc")]
    [DataRow("a\r\nb\r\nc")]
    [DataRow("a\rb\rc")]
    [DataRow("a\r\nb\rc")]
    public void MultiLineData_OneDataLinePerLine(string data) => Format(new SseEvent { Data = data }).ShouldBe("data: a\ndata: b\ndata: c\n\n");

    [TestMethod]
    public void DataInjection_CannotStartAField()
        => Format(new SseEvent { Data = "x\nevent: evil\n\ndata: y" }).ShouldBe("data: x\ndata: event: evil\ndata:\ndata: data: y\n\n");

    [TestMethod]
    public void TrailingNewlineInData_GivesAnEmptyDataLine() => Format(new SseEvent { Data = "x\n" }).ShouldBe("data: x\ndata:\n\n");

    [TestMethod]
    public void EmptyData_WritesEmptyField() => Format(new SseEvent { Data = "" }).ShouldBe("data:\n\n");

    [TestMethod]
    public void LeadingSpaceInValue_Kept() => Format(new SseEvent { Data = " x" }).ShouldBe("data:  x\n\n");

    [TestMethod]
    public void EmptyId_ResetsLastEventId() => Format(new SseEvent { Id = "" }).ShouldBe("id:\n\n");

    [TestMethod]
    public void Utf8Data() => Format(new SseEvent { Data = "café 😀" }).ShouldBe("data: café 😀\n\n");

    [TestMethod]
    public void LoneSurrogate_BecomesReplacementCharacter() => Format(new SseEvent { Data = "a\ud800b" }).ShouldBe("data: a\ufffdb\n\n");

    [TestMethod]
    public void NulInData_IsData() => Format(new SseEvent { Data = "a\0b" }).ShouldBe("data: a\0b\n\n");

    [TestMethod]
    public void LargeData_WrittenCompletely()
    {
        var data = string.Concat(Enumerable.Repeat("0123456789€", 20_000));
        Format(new SseEvent { Data = data }).ShouldBe("data: " + data + "\n\n");
    }

    [TestMethod]
    [DataRow("a\nb")]
    [DataRow("a\rb")]
    [DataRow("a\r\nevent: x")]
    [DataRow("a\0b")]
    public void Event_WithLineBreakOrNul_Throws(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Should.Throw<ArgumentException>(() => SseWriter.Format(buffer, new SseEvent { Event = name, Data = "d" }));
        buffer.WrittenCount.ShouldBe(0);
    }

    [TestMethod]
    [DataRow("1\n2")]
    [DataRow("1\r2")]
    [DataRow("1\r\ndata: evil")]
    [DataRow("1\u00002")]
    public void Id_WithLineBreakOrNul_Throws(string id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Should.Throw<ArgumentException>(() => SseWriter.Format(buffer, new SseEvent { Id = id, Data = "d" }));
        buffer.WrittenCount.ShouldBe(0);
    }

    [TestMethod]
    public void Retry_Negative_Throws()
        => Should.Throw<ArgumentException>(() => SseWriter.Format(new ArrayBufferWriter<byte>(), new SseEvent { Retry = TimeSpan.FromMilliseconds(-1) }));

    [TestMethod]
    public void Retry_Zero_Written() => Format(new SseEvent { Retry = TimeSpan.Zero }).ShouldBe("retry: 0\n\n");

    [TestMethod]
    public void CommentOnly_NoBlankLine() => Format(new SseEvent { Comment = "keep-alive" }).ShouldBe(": keep-alive\n");

    [TestMethod]
    public void MultiLineComment_SplitIntoCommentLines()
        => Format(new SseEvent { Comment = "a\r\ndata: evil\n\nb" }).ShouldBe(": a\n: data: evil\n:\n: b\n");

    [TestMethod]
    public void FormatComment_SplitsLines()
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.FormatComment(buffer, "one\ntwo");
        Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe(": one\n: two\n");
    }

    [TestMethod]
    public void KeepAlive_IsPreEncodedComment() => Encoding.ASCII.GetString(SseWriter.KeepAlive).ShouldBe(": keep-alive\n");

    [TestMethod]
    public void ContentType() => SseWriter.ContentType.ShouldBe("text/event-stream");

    [TestMethod]
    public void RoundTrip_ThroughAReferenceParser()
    {
        var e = new SseEvent { Event = "update", Id = "7", Data = "line1\r\nline2\rline3\n line4" };
        var parsed = ParseOne(Format(e));
        parsed.Event.ShouldBe("update");
        parsed.Id.ShouldBe("7");
        parsed.Data.ShouldBe("line1\nline2\nline3\n line4");
    }

    // WHATWG HTML §9.2.6 "interpreting an event stream", enough for one event.
    private static (string Event, string Data, string Id) ParseOne(string stream)
    {
        string type = "message", data = "", id = "";
        foreach (var line in stream.Split('\n'))
        {
            if (line.Length == 0 || line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event": type = value; break;
                case "data": data += value + "\n"; break;
                case "id": id = value; break;
                default: break;
            }
        }

        return (type, data.TrimEnd('\n'), id);
    }
}
