using Roadrunner.Server.Forms;
using Shouldly;

namespace Roadrunner.Tests.Server.Forms;

/// <summary>WHATWG URL §5.2 application/x-www-form-urlencoded serializing.</summary>
[TestClass]
public sealed class UrlEncodedEncodingTests
{
    [TestMethod]
    public void Encode_SpaceAsPlus_ReservedEscaped_UpperHex()
        => FormUrlEncoded.Encode([new("q", "café au lait"), new("x", "a&b=c+d/e?~")])
            .ShouldBe("q=caf%C3%A9+au+lait&x=a%26b%3Dc%2Bd%2Fe%3F%7E");

    [TestMethod]
    public void Encode_UnreservedSet_Untouched()
        => FormUrlEncoded.Encode([new("AZaz09*-._", "AZaz09*-._")]).ShouldBe("AZaz09*-._=AZaz09*-._");

    [TestMethod]
    public void Encode_Empty() => FormUrlEncoded.Encode([]).ShouldBe("");

    [TestMethod]
    public void Encode_EmptyNameAndValue() => FormUrlEncoded.Encode([new("", "")]).ShouldBe("=");

    [TestMethod]
    public void Encode_SurrogatePair() => FormUrlEncoded.EncodeComponent("😀").ShouldBe("%F0%9F%98%80");

    [TestMethod]
    public void Encode_LoneSurrogate_Throws()
    {
        Should.Throw<ArgumentException>(() => FormUrlEncoded.Encode([new("a", "\ud800")]));
        Should.Throw<ArgumentException>(() => FormUrlEncoded.EncodeComponent("x\udc00"));
    }

    [TestMethod]
    public void Encode_NullValue_Throws() => Should.Throw<ArgumentException>(() => FormUrlEncoded.Encode([new("a", null!)]));

    [TestMethod]
    public void EncodeComponent_PlainText_ReturnsSameInstance()
    {
        var text = "plain";
        FormUrlEncoded.EncodeComponent(text).ShouldBeSameAs(text);
    }

    [TestMethod]
    public void RoundTrip_EveryBmpCharacterClass()
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("k1", "line1\r\nline2"),
            new("k 2", "tab\there"),
            new("ünï", "日本語 + symbols !@#$%^&*()"),
            new("k1", ""),
            new("nul", "\0"),
        };
        FormUrlEncoded.TryDecode(FormUrlEncoded.Encode(pairs), out var form, out _).ShouldBeTrue();
        form.ToList().ShouldBe(pairs);
    }
}
