using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Ndjson;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Ndjson;

/// <summary>NDJSON on the stream shape over real sockets: one value per line, one write (chunk) per item, as it comes.</summary>
[TestClass]
public sealed partial class NdjsonResponseTests
{
    private static async IAsyncEnumerable<Item> Items(int count, Func<int, Task>? before = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            if (before is not null) await before(i);
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Item(i, $"item \"{i}\"\nwith a newline");
        }
    }

    [TestMethod]
    public async Task EachItem_IsOneLine_InOneChunk()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/feed", _ => NdjsonResponse.Create(Items(3), NdjsonJson.Default.Item))]);
        using var client = server.Connect();
        await client.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await client.ReadResponseHeadAsync();
        head.ShouldContain("content-type: application/x-ndjson\r\n");
        head.ShouldContain("transfer-encoding: chunked\r\n");
        var chunks = new ChunkedReader(client);
        for (var i = 0; i < 3; i++)
        {
            Encoding.UTF8.GetString((await chunks.ReadChunkAsync())!).ShouldBe($"{{\"n\":{i},\"text\":\"item \\u0022{i}\\u0022\\nwith a newline\"}}\n");
        }

        (await chunks.ReadChunkAsync()).ShouldBeNull();
    }

    /// <summary>A line leaves as soon as its item is yielded, before the next one exists.</summary>
    [TestMethod]
    public async Task Lines_AreSentAsTheyAreProduced()
    {
        var secondAllowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
            [Route.Get("/feed", _ => NdjsonResponse.Create(Items(2, i => i == 1 ? secondAllowed.Task.WaitAsync(TimeSpan.FromSeconds(10)) : Task.CompletedTask), NdjsonJson.Default.Item))]);
        using var client = server.Connect();
        await client.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.ReadResponseHeadAsync();
        var chunks = new ChunkedReader(client);
        Encoding.UTF8.GetString((await chunks.ReadChunkAsync())!).ShouldStartWith("{\"n\":0,");
        secondAllowed.SetResult();
        Encoding.UTF8.GetString((await chunks.ReadChunkAsync())!).ShouldStartWith("{\"n\":1,");
    }

    [TestMethod]
    public async Task EmptySequence_IsAnEmptyBody()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/feed", _ => NdjsonResponse.Create(Items(0), NdjsonJson.Default.Item, status: 202))]);
        var r = await Exchange.GetAsync(server.Port, "/feed");
        r.Status.ShouldBe(202);
        r.Body.ShouldBeEmpty();
    }

    /// <summary>A client that leaves ends the enumeration: the next write fails and the sequence is disposed.</summary>
    [TestMethod]
    public async Task ClientGone_EndsTheSequence()
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<Item> Endless([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return new Item(i, "x");
                    await Task.Delay(10, cancellationToken);
                }
            }
            finally
            {
                ended.TrySetResult();
            }
        }

        await using var server = await TestServer.StartAsync([Route.Get("/feed", _ => NdjsonResponse.Create(Endless(), NdjsonJson.Default.Item))]);
        using var client = server.Connect();
        await client.SendAsync("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.ReadResponseHeadAsync();
        await new ChunkedReader(client).ReadChunkAsync();
        client.Reset();
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [TestMethod]
    public async Task NotCompressed_EvenWhenAccepted()
    {
        await using var server = await TestServer.StartAsync(
            [Route.Get("/feed", _ => NdjsonResponse.Create(Items(50), NdjsonJson.Default.Item))],
            o => o with { Middlewares = [ResponseCompression.Middleware] });
        var r = await Exchange.GetAsync(server.Port, "/feed", "Accept-Encoding: gzip, br");
        r.Header("content-encoding").ShouldBeNull();
        r.BodyText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(50);
    }

    [TestMethod]
    public void NullArguments_Throw()
    {
        Should.Throw<ArgumentNullException>(() => NdjsonResponse.Create(null!, NdjsonJson.Default.Item));
        Should.Throw<ArgumentNullException>(() => NdjsonResponse.Create(Items(1), null!));
    }

    internal sealed record Item([property: JsonPropertyName("n")] int N, [property: JsonPropertyName("text")] string Text);

    [JsonSerializable(typeof(Item))]
    internal sealed partial class NdjsonJson : JsonSerializerContext;
}
