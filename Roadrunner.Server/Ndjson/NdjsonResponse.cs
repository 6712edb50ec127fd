using System.Text.Json.Serialization.Metadata;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Ndjson;

/// <summary>
/// Newline-delimited JSON on the stream shape: <c>application/x-ndjson</c>, one compact JSON value per line
/// (<see cref="NdjsonWriter"/>), each line sent in its own write as soon as the sequence yields it.
/// </summary>
/// <remarks>
/// The sequence is enumerated once per response sent, with the client's abort token; a client that goes away cancels
/// it. A value that cannot be serialized throws after the head has gone out, so the server cuts the connection and
/// the client sees a truncated body rather than a well-formed one. NDJSON is not compressed by the default
/// compression rules, so each line reaches the client at once.
/// </remarks>
/// <example>
/// <code>
/// Route.Get("/feed", _ =&gt; NdjsonResponse.Create(Ticks(), AppJson.Default.Tick));
///
/// static async IAsyncEnumerable&lt;Tick&gt; Ticks()
/// {
///     for (var i = 0; i &lt; 3; i++) { yield return new Tick(i); await Task.Delay(1000); }
/// }
/// </code>
/// </example>
public static class NdjsonResponse
{
    /// <summary>A response streaming <paramref name="items"/>, one JSON line each.</summary>
    public static StreamResponse Create<T>(IAsyncEnumerable<T> items, JsonTypeInfo<T> typeInfo, int status = 200)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Response.Stream(status, NdjsonWriter.ContentType, stream => WriteAsync(stream, items, typeInfo));
    }

    private static async ValueTask WriteAsync<T>(ResponseStream stream, IAsyncEnumerable<T> items, JsonTypeInfo<T> typeInfo)
    {
        using var line = new PooledBufferWriter(512);
        await foreach (var item in items.WithCancellation(stream.Aborted))
        {
            line.Clear();
            NdjsonWriter.Write(line, item, typeInfo);
            await stream.WriteAsync(line.WrittenMemory, stream.Aborted);
        }
    }
}
