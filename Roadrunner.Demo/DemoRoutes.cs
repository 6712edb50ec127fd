using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Sse;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.Demo;

/// <summary>The Demo's endpoints. Bodies match the Kestrel peer byte for byte so comparisons are fair.</summary>
internal static class DemoRoutes
{
    private static readonly BufferedResponse Hello = Response.Bytes(200, "hello, world!"u8.ToArray(), "text/plain");
    private static readonly BufferedResponse Json = Response.Json(200, new Message("hello, world!"), DemoJson.Default.Message);
    private static readonly BufferedResponse Large = Response.Bytes(200, LargeBody(), "application/octet-stream");
    private static readonly BufferedResponse Page = Response.Html(200, DemoPage.Html);

    /// <summary>
    /// The WebSocket echo: permessage-deflate accepted, and room for 16 MB messages in one frame (Autobahn 9.1.6 and
    /// 9.2.6 send them), so 20 MB limits here instead of the 10 MB defaults.
    /// </summary>
    private static readonly WebSocketResponse WsEcho = Response.WebSocket(new WebSocketEcho(), new WebSocketOptions
    {
        MaxFrameSize = 20_000_000,
        MaxMessageSize = 20_000_000,
        PerMessageDeflate = PerMessageDeflateOptions.Default,
    });

    public static IReadOnlyList<Route> Build(SseClock clock, Route staticFiles)
    {
        // One response for every client: the event stream keeps its per-client state in the push context.
        var sse = SseResponse.Create(clock, new SseResponseOptions { Retry = TimeSpan.FromSeconds(2) });
        return
        [
            Route.Get("/", _ => Page),
            Route.Post("/", Echo),
            Route.Get("/hello", _ => Hello),
            Route.Get("/json", _ => Json),
            Route.Post("/echo", Echo),
            Route.Get("/large", _ => Large),
            Route.Get("/stream", _ => Response.Stream(200, "text/plain; charset=utf-8", StreamChunks)),
            Route.Get("/sse", _ => sse),
            Route.Get("/ws", _ => WsEcho),
            staticFiles,
        ];
    }

    /// <summary>The request body back, with its content type.</summary>
    private static Response Echo(Request req) =>
        Response.Bytes(200, req.Body, req.Headers.Get("content-type") ?? "application/octet-stream");

    /// <summary>Ten chunks, then a trailer with the SHA-256 of everything sent.</summary>
    private static async ValueTask StreamChunks(ResponseStream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 1; i <= 10; i++)
        {
            var chunk = Encoding.UTF8.GetBytes($"chunk {i} of 10\n");
            hash.AppendData(chunk);
            await stream.WriteAsync(chunk);
        }

        stream.AddTrailer("x-checksum", Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static byte[] LargeBody()
    {
        var large = new byte[64 * 1024];
        for (var i = 0; i < large.Length; i++) large[i] = (byte)('a' + (i % 26));
        return large;
    }
}

/// <summary>The /json body.</summary>
internal sealed record Message([property: JsonPropertyName("message")] string Text);

[JsonSerializable(typeof(Message))]
internal sealed partial class DemoJson : JsonSerializerContext;
