using System.Text;
using Roadrunner.Server.Forms;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Requests;

/// <summary><c>Request.ReadFormAsync</c> over real sockets, in both body modes, with every rejection.</summary>
[TestClass]
public sealed class FormBodyTests
{
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_server = await TestServer.StartAsync(
        [
            Route.Post("/auto", Show),
            Route.Post("/manual", Show).WithBodyMode(BodyMode.Manual),
            Route.Post("/small", async req => Describe(await req.ReadFormAsync(new FormOptions { MaxBodyLength = 16 }))),
            Route.Post("/caught", async req =>
            {
                try
                {
                    await req.ReadFormAsync();
                    return Response.Text(200, "read");
                }
                catch (RequestBodyException ex)
                {
                    return Response.Text(200, $"{ex.StatusCode} {ex.Message}");
                }
            }),
        ]);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    private static async ValueTask<Response> Show(Request req) => Describe(await req.ReadFormAsync());

    private static BufferedResponse Describe(FormCollection form) => Response.Text(200, string.Join("&", form.Select(p => $"[{p.Key}]=[{p.Value}]")));

    private static async Task<RawResponse> Post(string path, string body, string contentType = "application/x-www-form-urlencoded", bool chunked = false)
    {
        using var client = s_server.Connect();
        var bytes = Encoding.UTF8.GetBytes(body);
        var framing = chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {bytes.Length}\r\n";
        var type = contentType.Length == 0 ? "" : $"Content-Type: {contentType}\r\n";
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: x\r\n{type}{framing}\r\n");
        var payload = chunked ? [.. Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), .. bytes, .. "\r\n0\r\n\r\n"u8.ToArray()] : bytes;
        await client.SendAsync([.. head, .. payload]);
        return await client.ReadResponseAsync();
    }

    [TestMethod]
    [DataRow("/auto")]
    [DataRow("/manual")]
    public async Task Form_IsDecoded(string path)
    {
        var r = await Post(path, "name=Ada+Lovelace&lang=C%23&lang=F%23&note=caf%C3%A9");
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe("[name]=[Ada Lovelace]&[lang]=[C#]&[lang]=[F#]&[note]=[café]");
    }

    [TestMethod]
    public async Task Form_Chunked_IsDecoded()
        => (await Post("/manual", "a=1&b=2", chunked: true)).BodyText.ShouldBe("[a]=[1]&[b]=[2]");

    [TestMethod]
    [DataRow("application/x-www-form-urlencoded; charset=UTF-8")]
    [DataRow("Application/X-WWW-Form-UrlEncoded")]
    public async Task ContentType_ParametersAndCase_Accepted(string type)
        => (await Post("/auto", "a=1", type)).BodyText.ShouldBe("[a]=[1]");

    [TestMethod]
    public async Task NoBody_IsAnEmptyForm()
    {
        using var client = s_server.Connect();
        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        var r = await client.ReadResponseAsync();
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe("");
    }

    /// <summary>A malformed body escapes the handler as RequestBodyException(400); the server answers 400.</summary>
    [TestMethod]
    [DataRow("a=%zz")]
    [DataRow("a=%e")]
    [DataRow("a=%ff")]
    public async Task Malformed_Is400(string body)
        => (await Post("/auto", body)).Status.ShouldBe(400);

    [TestMethod]
    public async Task Malformed_InvalidUtf8RawBytes_Is400()
    {
        using var client = s_server.Connect();
        await client.SendAsync([.. "POST /manual HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na="u8.ToArray(), 0xff]);
        (await client.ReadResponseAsync()).Status.ShouldBe(400);
    }

    /// <summary>Over FormOptions.MaxBodyLength: 413, whether declared up front or counted while chunked.</summary>
    [TestMethod]
    public async Task OverTheBodyLimit_Is413()
    {
        (await Post("/small", "a=0123456789abcdef")).Status.ShouldBe(413);
        (await Post("/small", "a=0123456789abcdef", chunked: true)).Status.ShouldBe(413);
        (await Post("/small", "a=0123456789")).BodyText.ShouldBe("[a]=[0123456789]");
    }

    [TestMethod]
    public async Task TooManyPairs_Is413()
        => (await Post("/auto", string.Join("&", Enumerable.Range(0, 1001).Select(i => "k=v")))).Status.ShouldBe(413);

    /// <summary>Another content type is 415 (RFC 9110 §15.5.16), in the exception and, when it escapes the handler, on the wire.</summary>
    [TestMethod]
    [DataRow("application/json")]
    [DataRow("multipart/form-data; boundary=x")]
    [DataRow("")]
    public async Task OtherContentType_Is415(string type)
    {
        (await Post("/caught", "a=1", type)).BodyText.ShouldBe("415 The body is not application/x-www-form-urlencoded");
        (await Post("/auto", "a=1", type)).Status.ShouldBe(415);
    }
}
