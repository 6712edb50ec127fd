using System.Globalization;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Demo;

/// <summary>
/// The Demo runs socket completions on the socket event threads unless <c>--pool-completions</c> is given. The
/// runtime shows which it took in its event threads: with inline completions it starts one per processor, so no
/// event thread waits behind a handler on another; through the thread pool, one serves up to 30 processors.
/// </summary>
[TestClass]
public sealed class DemoSocketCompletionsTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task Default_InlineCompletions_OneEventThreadPerProcessor_AndServes()
    {
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--no-h3");
        var port = await demo.WaitForHttpPortAsync();

        await GetHelloAsync(port);

        EventThreads(demo.Id).ShouldBe(Environment.ProcessorCount);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task PoolCompletions_OneEventThread_AndServes()
    {
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--no-h3", "--pool-completions");
        var port = await demo.WaitForHttpPortAsync();

        await GetHelloAsync(port);

        EventThreads(demo.Id).ShouldBe(Math.Max(1, (int)Math.Round(Environment.ProcessorCount / 30.0)));
    }

    private static async Task GetHelloAsync(int port)
    {
        using var client = new HttpClient();
        (await client.GetStringAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hello"))).ShouldBe("hello, world!");
    }

    // The runtime names each socket event thread ".NET Sockets" (visible in /proc/<pid>/task/<tid>/comm).
    private static int EventThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == ".NET Sockets");
}
