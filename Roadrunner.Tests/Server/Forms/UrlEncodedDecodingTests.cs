using System.Text;
using Roadrunner.Server.Forms;
using Shouldly;

namespace Roadrunner.Tests.Server.Forms;

/// <summary>WHATWG URL §5.1 application/x-www-form-urlencoded parsing, made strict about escapes and UTF-8.</summary>
[TestClass]
public sealed class UrlEncodedDecodingTests
{
    private static List<(string, string)> Decode(string input)
    {
        FormUrlEncoded.TryDecode(input, out var form, out var error).ShouldBeTrue(error.Reason);
        var fromBytes = new List<(string, string)>();
        FormUrlEncoded.TryDecode(Encoding.UTF8.GetBytes(input), out var byteForm, out error).ShouldBeTrue(error.Reason);
        foreach (var pair in byteForm)
        {
            fromBytes.Add((pair.Key, pair.Value));
        }

        var list = new List<(string, string)>();
        foreach (var pair in form)
        {
            list.Add((pair.Key, pair.Value));
        }

        list.ShouldBe(fromBytes);
        return list;
    }

    private static FormError Reject(string input)
    {
        FormUrlEncoded.TryDecode(input, out var form, out var error).ShouldBeFalse();
        form.ShouldBeSameAs(FormCollection.Empty);
        FormUrlEncoded.TryDecode(Encoding.UTF8.GetBytes(input), out _, out var byteError).ShouldBeFalse();
        byteError.Kind.ShouldBe(error.Kind);
        byteError.Offset.ShouldBe(error.Offset);
        return error;
    }

    [TestMethod]
    public void Pairs_InOrder() => Decode("a=1&b=2").ShouldBe([("a", "1"), ("b", "2")]);

    [TestMethod]
    public void Plus_IsSpace_PercentDecoded() => Decode("q=caf%C3%A9+au+lait").ShouldBe([("q", "café au lait")]);

    [TestMethod]
    public void EncodedPlus_IsPlus() => Decode("a=1%2B1").ShouldBe([("a", "1+1")]);

    [TestMethod]
    public void LowercaseHex_Accepted() => Decode("a=%e2%82%ac").ShouldBe([("a", "€")]);

    [TestMethod]
    public void RepeatedKeys_KeptInOrder()
    {
        Decode("t=a&x=1&t=b").ShouldBe([("t", "a"), ("x", "1"), ("t", "b")]);
        FormUrlEncoded.TryDecode("t=a&x=1&t=b", out var form, out _).ShouldBeTrue();
        form.Get("t").ShouldBe("a");
        form.GetAll("t").ShouldBe(["a", "b"]);
        form.GetAll("none").ShouldBeEmpty();
        form.Get("none").ShouldBeNull();
        form.Contains("x").ShouldBeTrue();
        form.Count.ShouldBe(3);
        form[2].Value.ShouldBe("b");
    }

    [TestMethod]
    public void EmptyPieces_Skipped() => Decode("&&a=1&&&b=2&").ShouldBe([("a", "1"), ("b", "2")]);

    [TestMethod]
    public void NoEquals_IsNameWithEmptyValue() => Decode("flag&a=1").ShouldBe([("flag", ""), ("a", "1")]);

    [TestMethod]
    public void EmptyName_Kept() => Decode("=x").ShouldBe([("", "x")]);

    [TestMethod]
    public void ExtraEquals_BelongToValue() => Decode("a=b=c").ShouldBe([("a", "b=c")]);

    [TestMethod]
    public void Semicolon_IsNotASeparator() => Decode("a=1;b=2").ShouldBe([("a", "1;b=2")]);

    [TestMethod]
    public void LeadingQuestionMark_IsPartOfTheName() => Decode("?a=1").ShouldBe([("?a", "1")]);

    [TestMethod]
    public void Empty_IsEmptyCollection()
    {
        FormUrlEncoded.TryDecode("", out var form, out var error).ShouldBeTrue();
        form.Count.ShouldBe(0);
        error.IsNone.ShouldBeTrue();
    }

    [TestMethod]
    public void RawUtf8Bytes_Accepted() => Decode("name=Jos\u00e9").ShouldBe([("name", "José")]);

    [TestMethod]
    public void MixedRawAndEscapedUtf8_InText() => Decode("k=\u00e9%C3%A9+\ud83d\ude00").ShouldBe([("k", "éé 😀")]);

    [TestMethod]
    public void EncodedNul_IsData() => Decode("a=%00").ShouldBe([("a", "\0")]);

    [TestMethod]
    [DataRow("a=%zz", 2)]
    [DataRow("a=%4", 2)]
    [DataRow("a=%", 2)]
    [DataRow("a=1&b=%g0", 6)]
    [DataRow("%2=x", 0)]
    [DataRow("a=%%41", 2)]
    [DataRow("a=% 1", 2)]
    public void InvalidEscape_IsError(string input, int offset)
    {
        var error = Reject(input);
        error.Kind.ShouldBe(FormErrorKind.InvalidPercentEncoding);
        error.Offset.ShouldBe(offset);
    }

    [TestMethod]
    [DataRow("a=%C3")]
    [DataRow("a=%C3%28")]
    [DataRow("a=%C0%AE")]
    [DataRow("a=%ED%A0%80")]
    [DataRow("a=%FF")]
    [DataRow("a=%F4%90%80%80")]
    public void InvalidUtf8_IsError(string input) => Reject(input).Kind.ShouldBe(FormErrorKind.InvalidUtf8);

    [TestMethod]
    public void InvalidRawUtf8Bytes_IsError()
    {
        FormUrlEncoded.TryDecode([(byte)'a', (byte)'=', 0xC3], out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.InvalidUtf8);
        FormUrlEncoded.TryDecode([(byte)'a', (byte)'=', 0xFF, (byte)'%', (byte)'4', (byte)'1'], out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.InvalidUtf8);
    }

    [TestMethod]
    public void RawUtf8Bytes_CombineWithEscapes()
    {
        // 0xC3 raw then %A9 escaped: together "é".
        FormUrlEncoded.TryDecode([(byte)'a', (byte)'=', 0xC3, (byte)'%', (byte)'A', (byte)'9'], out var form, out _).ShouldBeTrue();
        form.Get("a").ShouldBe("é");
    }

    [TestMethod]
    public void LoneSurrogateInText_IsError()
    {
        FormUrlEncoded.TryDecode("a=\ud800", out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.InvalidUtf8);
        FormUrlEncoded.TryDecode("a=%41\udc00", out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.InvalidUtf8);
    }

    [TestMethod]
    public void Limit_PairCount()
    {
        var options = new FormOptions { MaxPairCount = 2 };
        FormUrlEncoded.TryDecode("a=1&&b=2&", options, out var form, out _).ShouldBeTrue();
        form.Count.ShouldBe(2);
        FormUrlEncoded.TryDecode("a=1&b=2&c=3", options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.TooManyPairs);
        error.Offset.ShouldBe(8);
        FormUrlEncoded.TryDecode("a=1&b=2&c=3"u8, options, out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.TooManyPairs);
    }

    [TestMethod]
    public void Limit_DefaultPairCount_Is1000()
    {
        var ok = string.Join('&', Enumerable.Repeat("a=1", 1000));
        FormUrlEncoded.TryDecode(ok, out var form, out _).ShouldBeTrue();
        form.Count.ShouldBe(1000);
        FormUrlEncoded.TryDecode(ok + "&b", out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.TooManyPairs);
    }

    [TestMethod]
    public void Limit_KeyLength_MeasuredEncoded()
    {
        var options = new FormOptions { MaxKeyLength = 3 };
        FormUrlEncoded.TryDecode("abc=1", options, out _, out _).ShouldBeTrue();
        FormUrlEncoded.TryDecode("abcd=1", options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.KeyTooLong);
        FormUrlEncoded.TryDecode("%41%42=1", options, out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.KeyTooLong);
        FormUrlEncoded.TryDecode("abcd"u8, options, out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.KeyTooLong);
    }

    [TestMethod]
    public void Limit_ValueLength()
    {
        var options = new FormOptions { MaxValueLength = 3 };
        FormUrlEncoded.TryDecode("a=123&b=", options, out _, out _).ShouldBeTrue();
        FormUrlEncoded.TryDecode("a=1&b=1234", options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.ValueTooLong);
        error.Offset.ShouldBe(6);
        FormUrlEncoded.TryDecode("a=1&b=1234"u8, options, out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(FormErrorKind.ValueTooLong);
    }

    [TestMethod]
    public void LongValues_UsePooledScratch()
    {
        var value = string.Concat(Enumerable.Repeat("%E2%82%AC", 2000));
        FormUrlEncoded.TryDecode("k=" + value, out var form, out _).ShouldBeTrue();
        form.Get("k").ShouldBe(new string('€', 2000));
    }

    [TestMethod]
    public void HostileInput_NeverThrows()
    {
        var random = new Random(1866);
        var alphabet = "a=&%+zZ09fF\u00e9\ud800\udc00\0".ToCharArray();
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            _ = FormUrlEncoded.TryDecode(chars, out _, out _);
            var bytes = new byte[chars.Length];
            random.NextBytes(bytes);
            _ = FormUrlEncoded.TryDecode(bytes, out _, out _);
        }
    }
}
