using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roadrunner.Server.Ndjson;
using Shouldly;

namespace Roadrunner.Tests.Server.Ndjson;

public sealed record NdjsonSample(int N, string Text, List<int> Items);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NdjsonSample))]
[JsonSerializable(typeof(string))]
public sealed partial class NdjsonTestContext : JsonSerializerContext;

/// <summary>Newline-delimited JSON: one compact value per line.</summary>
[TestClass]
public sealed class NdjsonWriterTests
{
    [TestMethod]
    public void OneValuePerLine_Compact_EvenWhenOptionsSayIndented()
    {
        var buffer = new ArrayBufferWriter<byte>();
        NdjsonWriter.Write(buffer, new NdjsonSample(1, "a", [1, 2]), NdjsonTestContext.Default.NdjsonSample);
        NdjsonWriter.Write(buffer, new NdjsonSample(2, "b", []), NdjsonTestContext.Default.NdjsonSample);
        Encoding.UTF8.GetString(buffer.WrittenSpan).ShouldBe("{\"n\":1,\"text\":\"a\",\"items\":[1,2]}\n{\"n\":2,\"text\":\"b\",\"items\":[]}\n");
    }

    [TestMethod]
    public void NewlinesInStrings_AreEscaped_SoEachLineIsOneValue()
    {
        var buffer = new ArrayBufferWriter<byte>();
        NdjsonWriter.Write(buffer, "line1\nline2\r\n", NdjsonTestContext.Default.String);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        text.ShouldBe("\"line1\\nline2\\r\\n\"\n");
        text.Count(c => c == '\n').ShouldBe(1);
    }

    [TestMethod]
    public void ManyWrites_ToDifferentBuffers_ReuseIsInvisible()
    {
        for (var i = 0; i < 100; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            NdjsonWriter.Write(buffer, new NdjsonSample(i, "x", [i]), NdjsonTestContext.Default.NdjsonSample);
            var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
            line.ShouldEndWith("\n");
            JsonSerializer.Deserialize(line, NdjsonTestContext.Default.NdjsonSample)!.N.ShouldBe(i);
        }
    }

    [TestMethod]
    public void ContentType() => NdjsonWriter.ContentType.ShouldBe("application/x-ndjson");
}
