using System.Text;
using Roadrunner.Server.Multipart;
using Shouldly;
using static Roadrunner.Tests.Server.Multipart.MultipartDriver;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>The reader as a stream: any chunking gives the same parts, and part bodies are never buffered.</summary>
[TestClass]
public sealed class MultipartStreamingTests
{
    private static void ShouldMatch(Outcome actual, Outcome expected, string because)
    {
        actual.Completed.ShouldBe(expected.Completed, because);
        actual.Error.Kind.ShouldBe(expected.Error.Kind, because);
        actual.Events.ShouldBe(expected.Events, because);
        actual.Parts.Count.ShouldBe(expected.Parts.Count, because);
        for (var i = 0; i < actual.Parts.Count; i++)
        {
            actual.Parts[i].Body.ToArray().ShouldBe(expected.Parts[i].Body.ToArray(), because);
            actual.Parts[i].Headers.Fields.ShouldBe(expected.Parts[i].Headers.Fields, because);
            actual.Parts[i].Headers.FileName.ShouldBe(expected.Parts[i].Headers.FileName, because);
        }
    }

    [TestMethod]
    public void EverySplitPoint_SameResult()
    {
        var body = Encoding.ASCII.GetBytes("preamble\r\n" + MultipartFormDataTests.Form.Replace("Larry", "La\r\n--AaB03xrry\r\n--AaB", StringComparison.Ordinal) + "epilogue");
        var whole = Run("AaB03x", [body]);
        whole.Completed.ShouldBeTrue();
        whole.Parts[0].Text.ShouldBe("La\r\n--AaB03xrry\r\n--AaB");
        for (var i = 0; i <= body.Length; i++)
        {
            ShouldMatch(Run("AaB03x", Split(body, i)), whole, $"split at {i}");
        }
    }

    [TestMethod]
    public void EveryPairOfSplitPoints_SameResult()
    {
        var body = Encoding.ASCII.GetBytes("--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--q \r\n\r\n\r\n-\r\n--qq\r\n--q--x");
        var whole = Run("q", [body]);
        whole.Completed.ShouldBeTrue();
        whole.Parts.Select(p => p.Text).ShouldBe(["1", "\r\n-\r\n--qq"]);
        for (var i = 0; i <= body.Length; i++)
        {
            for (var j = i; j <= body.Length; j++)
            {
                ShouldMatch(Run("q", Split(body, i, j)), whole, $"split at {i}, {j}");
            }
        }
    }

    [TestMethod]
    public void ByteByByte_SameResult()
    {
        var body = Encoding.ASCII.GetBytes(MultipartFormDataTests.Form);
        ShouldMatch(Run("AaB03x", Chunks(body, 1)), Run("AaB03x", [body]), "byte by byte");
    }

    [TestMethod]
    public void LargeFile_InSmallChunks_StreamedWithBoundedHoldBack()
    {
        var random = new Random(7578);
        var file = new byte[1_000_003];
        random.NextBytes(file);
        // Sprinkle delimiter prefixes through the file.
        var lookalike = Encoding.ASCII.GetBytes("\r\n--boundary-of-forty-characters-long-xx");
        for (var at = 1000; at + lookalike.Length < file.Length; at += 50_000)
        {
            lookalike.AsSpan(0, 2 + (at / 50_000 % (lookalike.Length - 2))).CopyTo(file.AsSpan(at));
        }

        const string boundary = "boundary-of-forty-characters-long-xxxxx";
        var body = Bytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .Concat(file).Concat(Bytes($"\r\n--{boundary}--\r\n")).ToArray();
        foreach (var size in new[] { 7, 1000, 65536 })
        {
            var outcome = Run(boundary, Chunks(body, size));
            outcome.Completed.ShouldBeTrue();
            outcome.Parts.Single().Headers.FileName.ShouldBe("big.bin");
            outcome.Parts.Single().Body.ToArray().ShouldBe(file);
            // Held back at most a delimiter with its padding and CRLF: "\r\n--" + boundary + 32 + 2.
            outcome.MaxHeldInBody.ShouldBeLessThanOrEqualTo(4 + boundary.Length + 32 + 2);
        }
    }

    [TestMethod]
    public void DataEvents_FlowBeforeThePartEnds()
    {
        var reader = new MultipartReader("b");
        var head = Bytes("--b\r\n\r\n");
        reader.TryRead(head, out var consumed, out var ev).ShouldBeTrue();
        ev.Kind.ShouldBe(MultipartEventKind.PartStarted);
        consumed.ShouldBe(head.Length);

        var chunk = Bytes("hello world\r\n--");
        reader.TryRead(chunk, out consumed, out ev).ShouldBeTrue();
        ev.Kind.ShouldBe(MultipartEventKind.PartData);
        Encoding.ASCII.GetString(ev.Data).ShouldBe("hello world");
        consumed.ShouldBe(11);
        reader.TryRead(chunk.AsSpan(consumed), out var none, out _).ShouldBeFalse();
        none.ShouldBe(0);
    }

    [TestMethod]
    public void RandomBodies_RandomChunking_SameResult()
    {
        var random = new Random(2046);
        for (var round = 0; round < 300; round++)
        {
            var builder = new List<byte>();
            var expected = new List<byte[]>();
            var parts = random.Next(0, 4);
            for (var p = 0; p < parts; p++)
            {
                builder.AddRange(Bytes($"--bnd\r\nContent-Disposition: form-data; name=\"p{p}\"\r\n\r\n"));
                var content = new byte[random.Next(0, 60)];
                for (var k = 0; k < content.Length; k++)
                {
                    content[k] = "\r\n-bndX"u8[random.Next(7)];
                }

                // A real delimiter must not occur inside; drop any accidental one.
                var text = Encoding.ASCII.GetString(content).Replace("\r\n--bnd", "\r\n--bnX", StringComparison.Ordinal);
                content = Encoding.ASCII.GetBytes(text);
                expected.Add(content);
                builder.AddRange(content);
                builder.AddRange("\r\n"u8.ToArray());
            }

            builder.AddRange(Bytes("--bnd--"));
            var body = builder.ToArray();
            var whole = Run("bnd", [body]);
            whole.Completed.ShouldBeTrue($"round {round}");
            whole.Parts.Select(x => x.Body.ToArray()).ShouldBe(expected);
            var cuts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(body.Length + 1)).Order().ToArray();
            ShouldMatch(Run("bnd", Split(body, cuts)), whole, $"round {round}");
        }
    }

    [TestMethod]
    public void HostileBytes_NeverThrow()
    {
        var random = new Random(99);
        var alphabet = "\r\n-bX: ;=\"\t\0\u00ff"u8.ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var body = new byte[random.Next(0, 80)];
            for (var j = 0; j < body.Length; j++)
            {
                body[j] = alphabet[random.Next(alphabet.Length)];
            }

            var outcome = Run("b", Chunks(body, random.Next(1, 10)));
            (outcome.Completed || !outcome.Error.IsNone).ShouldBeTrue();
        }
    }
}
