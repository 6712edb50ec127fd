using System.Diagnostics;
using System.Globalization;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>The <c>Roadrunner</c> meter and activity source as a <see cref="System.Diagnostics.Metrics.MeterListener"/> and an <see cref="ActivityListener"/> see them.</summary>
[TestClass]
public sealed class TelemetryTests
{
    private const string Duration = "http.server.request.duration";

    private static readonly Route[] Routes =
    [
        Route.Get("/ok", req => Response.Text(200, req.Id)),
        Route.Get("/boom", Response (_) => throw new InvalidOperationException("boom")),
    ];

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Every request records <c>http.server.request.duration</c> in seconds with the OpenTelemetry HTTP tags
    /// <c>http.request.method</c>, <c>http.response.status_code</c> and <c>network.protocol.version</c>.
    /// </summary>
    [TestMethod]
    public async Task RequestDuration_OnePerRequest_WithMethodStatusAndProtocolTags()
    {
        var name = UniqueName();
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(Routes, name: name);
        using var client = server.Connect();

        await client.SendAsync("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nDELETE /missing HTTP/1.1\r\nHost: x\r\n\r\nHEAD /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        await client.ReadResponseAsync();
        await client.ReadResponseAsync();
        await client.ReadResponseAsync(head: true);

        (await Eventually.TrueAsync(() => telemetry.Of(Duration).Count == 3)).ShouldBeTrue();
        var durations = telemetry.Of(Duration);
        durations.Select(Describe).ShouldBe(new[] { "GET 200 1.1", "DELETE 404 1.1", "HEAD 200 1.0" }, ignoreOrder: true);
        durations.ShouldAllBe(d => d.Value >= 0 && d.Value < 60);

        static string Describe(MeasurementRecord m) =>
            $"{m.Tag("http.request.method")} {Convert.ToString(m.Tag("http.response.status_code"), CultureInfo.InvariantCulture)} {m.Tag("network.protocol.version")}";
    }

    /// <summary>A handler that throws is recorded as a 500 and counted in <c>roadrunner.request.exceptions</c> with its type.</summary>
    [TestMethod]
    public async Task HandlerException_Recorded500_AndCountedWithItsType()
    {
        var name = UniqueName();
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(Routes, name: name);
        using var client = server.Connect();

        await client.SendAsync("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 500 Internal Server Error");

        (await Eventually.TrueAsync(() => telemetry.Of("roadrunner.request.exceptions").Count == 1)).ShouldBeTrue();
        telemetry.Of("roadrunner.request.exceptions")[0].Tag("exception.type").ShouldBe(typeof(InvalidOperationException).FullName);
        (await Eventually.TrueAsync(() => telemetry.Of(Duration).Count == 1)).ShouldBeTrue();
        telemetry.Of(Duration)[0].Tag("http.response.status_code").ShouldBe(500);
    }

    /// <summary>
    /// <c>roadrunner.connections.accepted</c>, <c>.active</c> and <c>.closed</c> follow a connection's life; the close
    /// carries its reason (the client's FIN, or the server's refusal of a bad request).
    /// </summary>
    [TestMethod]
    public async Task Connections_AcceptedActiveClosed_WithTheCloseReason()
    {
        var name = UniqueName();
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(Routes, name: name);

        using (var client = server.Connect())
        {
            await client.SendAsync("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            await client.ReadResponseAsync();
            (await Eventually.TrueAsync(() => telemetry.Sum("roadrunner.connections.active") == 1)).ShouldBeTrue();
        }

        (await Eventually.TrueAsync(() => telemetry.Of("roadrunner.connections.closed").Count == 1)).ShouldBeTrue();
        telemetry.Of("roadrunner.connections.closed")[0].Tag("reason").ShouldBe("client");

        using (var bad = server.Connect())
        {
            await bad.SendAsync("GET / HTTP/1.1\r\n\r\n");
            await WireAssert.OneResponseThenCloseAsync(bad, "HTTP/1.1 400 Bad Request");
        }

        (await Eventually.TrueAsync(() => telemetry.Of("roadrunner.connections.closed").Count == 2)).ShouldBeTrue();
        telemetry.Of("roadrunner.connections.closed")[1].Tag("reason").ShouldBe("bad_request");
        telemetry.Sum("roadrunner.connections.accepted").ShouldBe(2);
        telemetry.Sum("roadrunner.connections.active").ShouldBe(0);
    }

    /// <summary>A connection over max_clients is closed at once and counted in <c>roadrunner.connections.rejected</c>.</summary>
    [TestMethod]
    public async Task MaxClients_OneOver_CountedInConnectionsRejected()
    {
        var name = UniqueName();
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(Routes, o => o with { MaxClients = 1 }, name);
        using var first = server.Connect();
        (await Eventually.TrueAsync(() => telemetry.Sum("roadrunner.connections.accepted") == 1)).ShouldBeTrue();

        using var second = server.Connect();

        (await second.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (await Eventually.TrueAsync(() => telemetry.Sum("roadrunner.connections.rejected") == 1)).ShouldBeTrue();
        telemetry.Sum("roadrunner.connections.accepted").ShouldBe(1);
    }

    /// <summary>
    /// The activity source <c>Roadrunner</c> gives one <c>roadrunner.request</c> server activity per request, tagged with
    /// the method, path, request id and response status; a failure sets the activity's status to Error.
    /// </summary>
    [TestMethod]
    public async Task Activity_OnePerRequest_WithStatusTag_ErrorOnFailure()
    {
        var name = UniqueName();
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(Routes, name: name);
        using var client = server.Connect();

        await client.SendAsync("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        var ids = new[] { (await client.ReadResponseAsync()).BodyText, (await client.ReadResponseAsync()).BodyText };
        await client.ReadResponseAsync();
        await client.ReadResponseAsync();

        (await Eventually.TrueAsync(() => telemetry.StoppedActivities.Count == 4)).ShouldBeTrue();
        var activities = telemetry.StoppedActivities;
        activities.ShouldAllBe(a => a.OperationName == "roadrunner.request" && a.Kind == ActivityKind.Server);
        activities.Select(a => $"{a.GetTagItem("url.path")} {a.GetTagItem("http.response.status_code")}").ShouldBe(new[] { "/ok 200", "/ok 200", "/nowhere 404", "/boom 500" });
        activities.Take(2).Select(a => (string)a.GetTagItem("roadrunner.request.id")!).ShouldBe(ids);
        activities[0].GetTagItem("http.request.method").ShouldBe("GET");
        activities[3].Status.ShouldBe(ActivityStatusCode.Error);
        activities[0].Status.ShouldBe(ActivityStatusCode.Unset);
    }

    /// <summary><c>http.server.active_requests</c> goes up while a handler runs and back down when it has answered.</summary>
    [TestMethod]
    public async Task ActiveRequests_UpWhileHandling_DownAfter()
    {
        var name = UniqueName();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var telemetry = new TelemetryRecorder(name);
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/wait", async _ =>
            {
                entered.TrySetResult();
                await release.Task;
                return Response.Text(200, "done");
            }),
        ], name: name);
        using var client = server.Connect();

        await client.SendAsync("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        telemetry.Sum("http.server.active_requests").ShouldBe(1);
        release.SetResult();
        await client.ReadResponseAsync();

        (await Eventually.TrueAsync(() => telemetry.Sum("http.server.active_requests") == 0)).ShouldBeTrue();
    }

    private string UniqueName() => $"{TestContext.TestName}-{Guid.NewGuid():N}";
}
