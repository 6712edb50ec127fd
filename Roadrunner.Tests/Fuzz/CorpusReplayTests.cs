using System.Net;
using Roadrunner.Fuzz;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;
using Shouldly;

namespace Roadrunner.Tests.Fuzz;

/// <summary>
/// The CI side of fuzzing: every committed seed (fuzz/corpus/&lt;target&gt;/) and every input a campaign caught
/// (fuzz/regressions/&lt;target&gt;/) goes through its target in-process. Seconds, not a campaign; a regression file
/// that throws again fails here, naming the file.
/// </summary>
[TestClass]
public sealed class CorpusReplayTests
{
    private static readonly string Root = FindRoot();

    [TestMethod]
    public void Http1_ReplaysCorpusAndRegressions() => Replay("http1");

    [TestMethod]
    public void Hpack_ReplaysCorpusAndRegressions() => Replay("hpack");

    [TestMethod]
    public void Http2_ReplaysCorpusAndRegressions() => Replay("http2");

    [TestMethod]
    public void Qpack_ReplaysCorpusAndRegressions() => Replay("qpack");

    [TestMethod]
    public void Http3_ReplaysCorpusAndRegressions() => Replay("http3");

    [TestMethod]
    public void WebSocket_ReplaysCorpusAndRegressions() => Replay("websocket");

    [TestMethod]
    public void QuicWire_ReplaysCorpusAndRegressions() => Replay("quic-wire");

    [TestMethod]
    public void QuicEndpoint_ReplaysCorpusAndRegressions() => Replay("quic-endpoint");

    /// <summary>Each target of the command line has a test above and a seed corpus.</summary>
    [TestMethod]
    public void EveryTarget_HasASeedCorpus()
    {
        FuzzTargets.All.Select(t => t.Name).ShouldBe(["http1", "hpack", "http2", "qpack", "http3", "websocket", "quic-wire", "quic-endpoint"]);
        foreach (var (name, _, _) in FuzzTargets.All) SeedCorpus.For(name).ShouldNotBeEmpty(name);
    }

    /// <summary>A file that makes a target throw fails the replay, and the failure names the file.</summary>
    [TestMethod]
    public void Replay_ThrowingFile_IsNamed()
    {
        string directory = Directory.CreateTempSubdirectory("rr-replay-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "a"), [1]);
            File.WriteAllBytes(Path.Combine(directory, "b"), [0xbd]);
            var e = Should.Throw<CorpusReplayException>(() => CorpusReplay.Run(data => { if (data[0] == 0xbd) throw new InvalidOperationException("bad"); }, directory));
            e.File.ShouldBe(Path.Combine(directory, "b"));
            e.Message.ShouldContain("BD");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The quic-endpoint target's Initial mode gets past packet protection: the client's ClientHello, protected by the
    /// target, makes a server endpoint create a connection and answer.
    /// </summary>
    [TestMethod]
    public void QuicEndpoint_ProtectedInitial_ReachesTheHandshake()
    {
        byte[] seed = File.ReadAllBytes(Path.Combine(Root, "fuzz", "corpus", "quic-endpoint", "initial-client-hello"));
        var datagram = new byte[1500];
        int length = QuicEndpoint.ProtectInitial(seed.AsSpan(1), datagram);
        length.ShouldBeGreaterThanOrEqualTo(1200);

        using var certificate = Roadrunner.Tests.Quic.Network.InMemoryNetwork.CreateCertificate();
        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions { Tls = new QuicTlsServerOptions { Certificate = certificate } });
        endpoint.Receive(datagram.AsSpan(0, length), new QuicReceiveInfo(new IPEndPoint(IPAddress.Loopback, 50000)), 1_000_000);
        endpoint.Connections.Count.ShouldBe(1);
        endpoint.Send(new byte[1500], 1_000_000, out _).ShouldBeGreaterThan(0);
    }

    private static void Replay(string target)
    {
        var run = FuzzTargets.Find(target).ShouldNotBeNull();
        int seeds = CorpusReplay.Run(run, Path.Combine(Root, "fuzz", "corpus", target));
        seeds.ShouldBeGreaterThan(0, $"fuzz/corpus/{target} holds no seeds");
        CorpusReplay.Run(run, Path.Combine(Root, "fuzz", "regressions", target));
    }

    /// <summary>The repository root: the folder above the test output that holds Roadrunner.sln.</summary>
    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Roadrunner.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("no Roadrunner.sln above " + AppContext.BaseDirectory);
    }
}
