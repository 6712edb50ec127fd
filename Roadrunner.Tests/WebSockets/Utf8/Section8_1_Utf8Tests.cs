using System.Text;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Utf8;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Utf8;

/// <summary>
/// RFC 6455 §8.1 text validation, with the sequences of Autobahn 6.x (from Markus Kuhn's UTF-8 decoder stress
/// test): §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in
/// fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_", with 1007 (§7.4.1).
/// </summary>
[TestClass]
public sealed class Section8_1_Utf8Tests
{
    private const string Kosme = "CEBAE1BDB9CF83CEBCCEB5"; // κόσμε

    /// <summary>Autobahn 6.x sequences that are valid UTF-8: a text message made of them is echoed.</summary>
    public static IEnumerable<object[]> Valid =>
    [
        [""], ["48656C6C6F2DC2B540C39FC3B6C3A4C3BCC3A0C3A12D5554462D382121"], [Kosme],
        ["CEBA"], ["CEBAE1BDB9"], ["CEBAE1BDB9CF83"], ["CEBAE1BDB9CF83CEBC"],                  // 6.6 κόσμε, growing
        ["00"], ["C280"], ["E0A080"], ["F0908080"],                                             // 6.7 first of each length
        ["7F"], ["DFBF"], ["EFBFBF"], ["F48FBFBF"],                                             // 6.9 last of each length
        ["ED9FBF"], ["EE8080"], ["EFBFBD"],                                                     // 6.11 boundaries: U+D7FF, U+E000, U+FFFD
        ["EFBFBE"], ["F09FBFBE"], ["F09FBFBF"], ["F4 8F BF BE"], ["EFB790"], ["EFB7AF"],        // 6.22 noncharacters are valid
        ["CEBAE1BDB9CF83CEBCCEB5EFBFBD"],                                                       // 6.23 U+FFFD
    ];

    /// <summary>Autobahn 6.x sequences that are not valid UTF-8: 1007.</summary>
    public static IEnumerable<object[]> Invalid =>
    [
        [Kosme + "EDA080" + "656469746564"],                                                    // 6.3 κόσμε + surrogate + "edited"
        ["CE"], ["CEBAE1"], ["CEBAE1BD"], ["CEBAE1BDB9CF"], ["CEBAE1BDB9CF83CE"],               // 6.6 truncated
        ["F888808080"], ["FC8480808080"],                                                       // 6.8 5- and 6-byte forms
        ["F7BFBFBF"], ["FBBFBFBFBF"], ["FDBFBFBFBFBF"], ["F4908080"],                           // 6.10, 6.11: above U+10FFFF
        ["80"], ["BF"], ["80BF"], ["80BF80"], ["80BF80BF"], ["80BF80BF80"],                     // 6.12 unexpected continuation
        ["C020"], ["DF20"], ["E020"], ["EF20"], ["F020"], ["F720"], ["F820"], ["FC20"],         // 6.13 lonely start bytes
        ["C0"], ["E080"], ["F08080"], ["DF"], ["EFBF"], ["F7BFBF"],                             // 6.14 last byte missing
        ["C0E080F08080F8808080FC80808080DFEFBFF7BFBFFBBFBFBFFDBFBFBFBF"],                        // 6.15 concatenated
        ["FE"], ["FF"], ["FEFEFFFF"],                                                           // 6.16 impossible bytes
        ["C0AF"], ["E080AF"], ["F08080AF"], ["F8808080AF"], ["FC80808080AF"],                   // 6.17 overlong "/"
        ["C1BF"], ["E09FBF"], ["F08FBFBF"], ["F887BFBFBF"], ["FC83BFBFBFBF"],                   // 6.18 maximum overlong
        ["C080"], ["E08080"], ["F0808080"], ["F880808080"], ["FC8080808080"],                   // 6.19 overlong NUL
        ["EDA080"], ["EDADBF"], ["EDAE80"], ["EDAFBF"], ["EDB080"], ["EDBE80"], ["EDBFBF"],     // 6.20 lone surrogates
        ["EDA080EDB080"], ["EDADBFEDBFBF"], ["EDAE80EDB080"], ["EDAFBFEDBFBF"],                 // 6.21 paired surrogates
    ];

    /// <summary>
    /// Autobahn 6.1–6.2, 6.5–6.7, 6.9, 6.11, 6.22–6.23: valid text is accepted in one frame, in one fragment per
    /// byte (6.2.3), and as one frame fed a byte at a time.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Valid))]
    public void S8_1_ValidText_IsEchoed(string hex)
    {
        var text = Hex(hex);
        foreach (var (bytes, chunk) in Shapes(text))
        {
            using var server = new SessionDriver { Echo = true };
            var events = server.Feed(bytes, chunk);
            events.Single().Payload.ShouldBe(text);
            server.TakeFrames().Single().Payload.ShouldBe(text);
        }
    }

    /// <summary>
    /// Autobahn 6.3, 6.6, 6.8, 6.10, 6.12–6.21: invalid text fails the connection with 1007 in every shape (one
    /// frame, one fragment per byte, one frame fed a byte at a time), and no message is delivered.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Invalid))]
    public void S8_1_InvalidText_Closes1007(string hex)
    {
        var text = Hex(hex);
        foreach (var (bytes, chunk) in Shapes(text))
        {
            using var server = new SessionDriver { Echo = true };
            server.Feed(bytes, chunk).Select(e => e.ToString()).ShouldBe(["Closed 1007"]);
            server.TakeDescribed().ShouldBe(["Close 1007"], $"{hex} chunk {chunk}");
        }
    }

    /// <summary>
    /// Autobahn 6.4.1 (fail fast on the first invalid fragment): κόσμε, then a fragment holding U+110000 (F4 90 80
    /// 80), then "edited". The Close 1007 is written once the second fragment arrives, before the third is sent.
    /// </summary>
    [TestMethod]
    public void S8_1_FailFast_OnInvalidFragment()
    {
        using var server = new SessionDriver();
        server.Feed(Concat(Frame(Text, Hex(Kosme), fin: false), Frame(Continuation, Hex("F4908080"), fin: false)));
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>Autobahn 6.4.2: the invalid code point split across fragments (… F4 | 90 | 80 80 …) fails at the fragment holding 90.</summary>
    [TestMethod]
    public void S8_1_FailFast_OnSplitCodePoint()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, Hex(Kosme + "F4"), fin: false));
        server.TakeBytes().ShouldBeEmpty();
        server.Feed(Frame(Continuation, Hex("90"), fin: false));
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>
    /// Autobahn 6.4.3–6.4.4: one unfragmented frame whose payload arrives in chops; the connection fails on the chop
    /// that holds the invalid bytes, before the frame is complete.
    /// </summary>
    [TestMethod]
    public void S8_1_FailFast_InsideOneFrame()
    {
        var frame = Frame(Text, Hex(Kosme + "F4908080" + "656469746564"));
        int header = 6; // 2 + mask key
        using var server = new SessionDriver();
        server.Feed(frame[..(header + 11)]); // header + κόσμε
        server.TakeBytes().ShouldBeEmpty();
        server.Feed(frame[(header + 11)..(header + 13)]); // F4 90
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>§8.1: a message may not end inside a sequence, even when each fragment was fine so far.</summary>
    [TestMethod]
    public void S8_1_TruncatedAtMessageEnd_Closes1007()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, Hex("E282"), fin: false)).ShouldBeEmpty();
        server.TakeBytes().ShouldBeEmpty();
        server.Feed(Frame(Continuation, [])).Select(e => e.ToString()).ShouldBe(["Closed 1007"]);
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>Binary messages are not text: any bytes are accepted.</summary>
    [TestMethod]
    public void S8_1_BinaryIsNotValidated()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Binary, Hex("FFFEEDA080C0AF"))).Single().Payload.ShouldBe(Hex("FFFEEDA080C0AF"));
    }

    /// <summary>
    /// The incremental validator, fed random pieces of random byte strings mixed from valid text and invalid bytes,
    /// agrees with a strict decoder on the whole string, and fails no later than the piece where a strict decoder
    /// first fails.
    /// </summary>
    [TestMethod]
    public void S8_1_IncrementalValidator_AgreesWithStrictDecoder()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var random = new Random(11);
        string[] samples = ["a", "µ", "€", "😀", "κόσμε", "\uFFFD", "\uD7FF", "\uE000", "\U0010FFFF"];
        byte[][] junk = [[0x80], [0xC0], [0xED, 0xA0], [0xF4, 0x90], [0xFF], [0xE0, 0x80], [0xF0, 0x8F]];
        for (int round = 0; round < 5000; round++)
        {
            var bytes = new List<byte>();
            int parts = random.Next(0, 12);
            for (int p = 0; p < parts; p++)
            {
                if (random.Next(20) == 0) bytes.AddRange(junk[random.Next(junk.Length)]);
                else bytes.AddRange(Encoding.UTF8.GetBytes(samples[random.Next(samples.Length)]));
                if (random.Next(4) == 0) bytes.AddRange(Enumerable.Repeat((byte)'x', random.Next(0, 70)));
            }
            var data = bytes.ToArray();
            bool expected = IsStrictlyValid(strict, data);

            var validator = new Utf8Validator();
            bool ok = true;
            int at = 0;
            while (at < data.Length && ok)
            {
                int n = Math.Min(random.Next(1, 9), data.Length - at);
                ok = validator.Validate(data.AsSpan(at, n));
                if (!ok) IsStrictlyValidPrefix(data.AsSpan(0, at + n).ToArray()).ShouldBeFalse("failed early");
                at += n;
            }
            (ok && validator.IsComplete).ShouldBe(expected, Convert.ToHexString(data));
        }
    }

    /// <summary>One frame; one fragment per byte; one frame fed a byte at a time.</summary>
    private static IEnumerable<(byte[] Bytes, int Chunk)> Shapes(byte[] text)
    {
        yield return (Frame(Text, text), int.MaxValue);
        if (text.Length > 0)
        {
            var fragments = text.Select((b, i) => Frame(i == 0 ? Text : Continuation, [b], fin: i == text.Length - 1));
            yield return (Concat([.. fragments]), int.MaxValue);
        }
        yield return (Frame(Text, text), 1);
    }

    private static bool IsStrictlyValid(UTF8Encoding strict, byte[] data)
    {
        try
        {
            strict.GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="prefix"/> can still be extended into valid UTF-8 (RFC 3629 table, written out independently).</summary>
    private static bool IsStrictlyValidPrefix(byte[] prefix)
    {
        int i = 0;
        while (i < prefix.Length)
        {
            byte b = prefix[i];
            (int length, byte lo, byte hi) = b switch
            {
                < 0x80 => (1, (byte)0, (byte)0),
                >= 0xC2 and <= 0xDF => (2, (byte)0x80, (byte)0xBF),
                0xE0 => (3, (byte)0xA0, (byte)0xBF),
                0xED => (3, (byte)0x80, (byte)0x9F),
                >= 0xE1 and <= 0xEF => (3, (byte)0x80, (byte)0xBF),
                0xF0 => (4, (byte)0x90, (byte)0xBF),
                0xF4 => (4, (byte)0x80, (byte)0x8F),
                >= 0xF1 and <= 0xF3 => (4, (byte)0x80, (byte)0xBF),
                _ => (0, (byte)0, (byte)0),
            };
            if (length == 0) return false;
            for (int k = 1; k < length; k++)
            {
                if (i + k >= prefix.Length) return true; // an open sequence at the end is still a valid prefix
                byte c = prefix[i + k];
                byte min = k == 1 ? lo : (byte)0x80, max = k == 1 ? hi : (byte)0xBF;
                if (c < min || c > max) return false;
            }
            i += length;
        }
        return true;
    }
}
