using Roadrunner.Hpack;

namespace Roadrunner.Tests.Hpack.Support;

/// <summary>A header sink that keeps every field it is given, as Latin-1 strings.</summary>
internal sealed class RecordingSink : IHeaderSink
{
    public List<HeaderField> Fields { get; } = [];

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) =>
        Fields.Add(new HeaderField(System.Text.Encoding.Latin1.GetString(name), System.Text.Encoding.Latin1.GetString(value), neverIndexed));

    /// <summary>The fields as "name: value" lines, the shape the RFC's examples list them in.</summary>
    public string[] Lines => [.. Fields.Select(f => $"{f.Name}: {f.Value}")];
}

/// <summary>One decoded field.</summary>
internal readonly record struct HeaderField(string Name, string Value, bool NeverIndexed = false);
