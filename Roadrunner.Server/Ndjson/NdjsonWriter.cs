using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Roadrunner.Server.Ndjson;

/// <summary>
/// Newline-delimited JSON: one compact JSON value per line, each followed by <c>\n</c>. JSON string escaping
/// guarantees a value never contains a raw newline, so every line is exactly one value.
/// </summary>
/// <example>
/// <code>
/// NdjsonWriter.Write(output, new Tick(1), AppJsonContext.Default.Tick);   // {"n":1}\n
/// </code>
/// </example>
public static class NdjsonWriter
{
    /// <summary>The media type: <c>application/x-ndjson</c>.</summary>
    public const string ContentType = "application/x-ndjson";

    // Where an idle cached writer points, so it does not keep the caller's buffer alive.
    private static readonly ArrayBufferWriter<byte> Idle = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Serializes <paramref name="value"/> into <paramref name="output"/> without indentation, whatever
    /// <c>WriteIndented</c> says, using the encoder and maximum depth of <paramref name="typeInfo"/>'s options,
    /// then writes <c>\n</c>.
    /// </summary>
    /// <exception cref="JsonException">The value cannot be serialized with <paramref name="typeInfo"/>.</exception>
    public static void Write<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var writer = t_writer;
        var options = typeInfo.Options;
        if (writer is null || writer.Options.Encoder != options.Encoder || writer.Options.MaxDepth != options.MaxDepth)
        {
            writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = options.Encoder, MaxDepth = options.MaxDepth });
        }
        else
        {
            writer.Reset(output);
        }

        t_writer = null; // taken while in use, so a nested call on this thread gets its own
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Idle);
            t_writer = writer;
        }

        output.Write("\n"u8);
    }
}
