using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// A manual-mode handler that reads slowly holds the client back through QUIC flow control (RFC 9000 §4): the server
/// takes request content off a stream only while little of it waits for the handler, so the client can send no more
/// than the stream window ahead of what the handler consumed.
/// </summary>
[TestClass]
public sealed class Http3RequestFlowControlTests
{
    private const int Size = 4 * 1024 * 1024;

    /// <summary>The server's stream window (QUIC's default initial_max_stream_data_bidi_remote).</summary>
    private const int StreamWindow = 256 * 1024;

    /// <summary>Our client's QUIC send buffer: what it may hold beyond what the server allowed.</summary>
    private const int ClientSendBuffer = 64 * 1024;

    /// <summary>What the server may hold for a handler that is not reading, beyond the window: generous.</summary>
    private const int ServerHoldBound = 128 * 1024;

    [TestMethod]
    [Timeout(30_000)]
    public async Task ManualBody_HandlerNotReading_ClientHeldToWindow_ThenBodyByteExact()
    {
        var content = new byte[Size];
        new Random(3).NextBytes(content);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await Http3EndToEndTests.StartAsync([Route.Post("/slow", async r =>
        {
            arrived.TrySetResult();
            await gate.Task.WaitAsync(OurH3Client.Timeout);
            var body = await r.ReadBodyToEndAsync();
            return Response.Text(200, $"{body.Length} {Convert.ToHexString(SHA256.HashData(body))}");
        }).WithBodyMode(BodyMode.Manual)], o => o with { MaxContentLength = 2 * Size });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port, new QuicConnectionOptions { SendBufferLimit = ClientSendBuffer });

        var stream = await client.OpenRequestAsync("POST", "/slow");
        await arrived.Task.WaitAsync(OurH3Client.Timeout);
        var sending = client.WriteAsync(stream, content, endStream: true);
        var blocked = client.WaitUntilSendBlockedAsync(stream);
        var first = await Task.WhenAny(sending, blocked);

        first.ShouldBe(blocked, "the whole body went out while the handler read nothing: the server buffered it");
        await blocked;
        // The server's credit is bounded by the stream window beyond what it holds for the handler (a bound): nowhere
        // near the 4 MB the client wants to send.
        Console.WriteLine($"credit while the handler waits: {client.PeerMaxStreamData(stream)} bytes; sent: {stream.Sent} bytes");
        client.PeerMaxStreamData(stream).ShouldBeLessThanOrEqualTo(StreamWindow + ServerHoldBound);
        stream.Sent.ShouldBeLessThanOrEqualTo(StreamWindow + ServerHoldBound + ClientSendBuffer + (16 * 1024));
        gate.SetResult();
        await sending;
        var response = await client.ReadResponseAsync(stream);
        response.Status.ShouldBe(200);
        response.Text.ShouldBe($"{Size} {Convert.ToHexString(SHA256.HashData(content))}");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ManualBody_HandlerAnswersWithoutReading_ConnectionStillCarriesLaterRequests()
    {
        // The content the handler never read must not keep the connection's flow-control credit.
        var content = new byte[200 * 1024];
        await using var listener = await Http3EndToEndTests.StartAsync([
            Route.Post("/ignore", _ => Response.Text(200, "ignored")).WithBodyMode(BodyMode.Manual),
            Route.Post("/echo", r => Response.Bytes(200, r.Body.ToArray())),
        ]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        for (var i = 0; i < 8; i++)
        {
            var response = await client.SendRequestAsync("POST", "/ignore", null, [content]);
            response.Status.ShouldBe(200);
        }

        var echo = await client.SendRequestAsync("POST", "/echo", null, [content]);
        echo.Body.Length.ShouldBe(content.Length);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task StreamedResponse_ClientNotReading_WriterHeldBack_ThenBodyByteExact()
    {
        // The other direction: a handler writing 4 MB to a client that reads nothing waits in WriteAsync once QUIC's
        // send buffer is full, instead of the server buffering the whole response.
        var content = new byte[Size];
        new Random(9).NextBytes(content);
        long written = 0;
        await using var listener = await Http3EndToEndTests.StartAsync([Route.Get("/big", _ => Response.Stream(200, "application/octet-stream", async body =>
        {
            for (var at = 0; at < content.Length; at += 64 * 1024)
            {
                await body.WriteAsync(content.AsMemory(at, 64 * 1024));
                Interlocked.Add(ref written, 64 * 1024);
            }
        }))]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var stream = await client.OpenRequestAsync("GET", "/big", endStream: true, readBound: 64 * 1024);
        await client.WaitUntilReceiveWindowFullAsync(stream);

        // What the handler got rid of is bounded by our window, the server's QUIC send buffer (1 MiB) and one chunk.
        Console.WriteLine($"written while the client does not read: {Interlocked.Read(ref written)} bytes");
        Interlocked.Read(ref written).ShouldBeLessThan(Size / 2);
        var body = await client.ReadToEndAsync(stream);
        body.AsSpan().SequenceEqual(content).ShouldBeTrue();
    }
}
