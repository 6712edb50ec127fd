using Roadrunner.Server.Sse;
using Shouldly;

namespace Roadrunner.Tests.Server.Sse;

/// <summary>WHATWG HTML §9.2.4: the Last-Event-ID request header, bounded and free of NUL, CR and LF.</summary>
[TestClass]
public sealed class LastEventIdTests
{
    [TestMethod]
    [DataRow("42", "42")]
    [DataRow("  abc-1 \t", "abc-1")]
    [DataRow("", "")]
    [DataRow("with inner space", "with inner space")]
    [DataRow("caf\u00e9", "caf\u00e9")]
    public void Valid(string value, string expected)
    {
        LastEventId.TryParse(value, SseOptions.Default, out var id, out var error).ShouldBeTrue();
        id.ShouldBe(expected);
        error.ShouldBe(LastEventIdError.None);
    }

    [TestMethod]
    [DataRow("a\0b")]
    [DataRow("a\rb")]
    [DataRow("a\nb")]
    public void ForbiddenCharacter_Rejected(string value)
    {
        LastEventId.TryParse(value, SseOptions.Default, out var id, out var error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.InvalidCharacter);
        id.ShouldBe("");
    }

    [TestMethod]
    public void TooLong_Rejected()
    {
        var options = new SseOptions { MaxLastEventIdLength = 4 };
        LastEventId.TryParse("1234", options, out _, out _).ShouldBeTrue();
        LastEventId.TryParse("12345", options, out _, out var error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.TooLong);
        LastEventId.TryParse(new string('x', 1025), SseOptions.Default, out _, out error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.TooLong);
    }

    [TestMethod]
    public void Bytes_Utf8()
    {
        LastEventId.TryParse(" caf\u00e9 "u8.ToArray(), SseOptions.Default, out var id, out _).ShouldBeTrue();
        id.ShouldBe("caf\u00e9");
        LastEventId.TryParse([0x61, 0xC3], SseOptions.Default, out _, out var error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.InvalidUtf8);
        LastEventId.TryParse("a\nb"u8, SseOptions.Default, out _, out error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.InvalidCharacter);
        LastEventId.TryParse("12345"u8, new SseOptions { MaxLastEventIdLength = 4 }, out _, out error).ShouldBeFalse();
        error.ShouldBe(LastEventIdError.TooLong);
    }
}
