using Roadrunner.Http3;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// Stalled HTTP/3 request streams cannot hold the server, by the same deadlines as HTTP/2: a HEADERS frame within
/// request_timeout, request content and the response's progress at least at the minimum rates after their grace.
/// Our client over UDP on loopback, with one-second limits.
/// </summary>
[TestClass]
public sealed class Http3StreamDeadlineTests
{
    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello")),
        Route.Post("/echo", r => Response.Bytes(200, r.Body)),
        Route.Get("/big", _ => Response.Stream(200, "application/octet-stream", async body =>
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64; i++) await body.WriteAsync(chunk);
        })),
    ];

    /// <summary>A request stream whose HEADERS frame never completes: reset with H3_REQUEST_REJECTED after request_timeout (RFC 9114 §4.1.1: nothing was processed); the connection serves the next request.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task IncompleteHeadersFrame_ResetRejectedAfterRequestTimeout()
    {
        await using var listener = await Http3EndToEndTests.StartAsync(Routes, o => o with { RequestTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        // A HEADERS frame (type 0x01) announcing 100 bytes of field section, of which three come.
        var stream = await client.OpenRawAsync([0x01, 0x40, 0x64, 0x00, 0x00, 0xd1], fin: false);
        await client.WaitAsync(() => stream.ResetCode is not null);

        stream.ResetCode.ShouldBe((ulong)Http3ErrorCode.H3_REQUEST_REJECTED);
        stream.RawReceived.ShouldBeEmpty();
        (await client.SendRequestAsync("GET", "/hello")).Text.ShouldBe("hello");
    }

    /// <summary>A POST whose content never comes: 408 once the grace has passed; the connection serves the next request.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task StalledRequestContent_Answers408()
    {
        await using var listener = await Http3EndToEndTests.StartAsync(Routes, o => o with
        {
            MinBytesPerSecond = 100,
            MinBytesGracePeriod = TimeSpan.FromSeconds(1),
        });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var stream = await client.OpenRequestAsync("POST", "/echo", [("content-length", "1000")]);
        await client.WriteAsync(stream, "abcde"u8.ToArray());
        await client.WaitForHeadersAsync(stream);

        stream.Status.ShouldBe(408);
        (await client.SendRequestAsync("GET", "/hello")).Text.ShouldBe("hello");
    }

    /// <summary>
    /// A client that stops reading a 4 MiB response grants no more credit: once QUIC's buffer is full the response
    /// moves slower than min_response_bytes_per_second, and after its grace the stream is reset with
    /// H3_REQUEST_CANCELLED; the listener serves the next connection.
    /// </summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task ResponseWithoutCredit_ResetCancelledAfterGrace()
    {
        await using var listener = await Http3EndToEndTests.StartAsync(Routes, o => o with
        {
            MinResponseBytesPerSecond = 240,
            MinResponseGracePeriod = TimeSpan.FromSeconds(1),
        });
        await using (var client = await OurH3Client.ConnectAsync(listener.Http3Port))
        {
            var stream = await client.OpenRequestAsync("GET", "/big", endStream: true, readBound: 16 * 1024);
            await client.WaitAsync(() => stream.ResetCode is not null);

            stream.ResetCode.ShouldBe((ulong)Http3ErrorCode.H3_REQUEST_CANCELLED);
        }

        await using var fresh = await OurH3Client.ConnectAsync(listener.Http3Port);
        (await fresh.SendRequestAsync("GET", "/hello")).Text.ShouldBe("hello");
    }
}
