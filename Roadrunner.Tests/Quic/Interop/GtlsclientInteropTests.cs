using System.Diagnostics;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Interop;

/// <summary>Interoperability with ngtcp2's gtlsclient (Debian ngtcp2-client): a real QUIC v1 handshake with ALPN h3.</summary>
[TestClass]
public sealed class GtlsclientInteropTests
{
    private const string Client = "/usr/bin/gtlsclient";

    [TestMethod]
    [Timeout(30_000)]
    public void Gtlsclient_CompletesHandshakeWithAlpnH3()
    {
        if (!File.Exists(Client))
        {
            Assert.Inconclusive("gtlsclient is not installed (apt-get install ngtcp2-client).");
        }

        var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.CreateCertificate(), ApplicationProtocols = ["h3"] },
        });
        using var host = new UdpEndpointHost(endpoint);
        var start = new ProcessStartInfo(Client)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--timeout=2s", "--handshake-timeout=5s", "--exit-on-all-streams-close", "127.0.0.1", host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"https://127.0.0.1:{host.Port}/" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
        }

        string output = stdout.Result + stderr.Result;
        output.ShouldContain("Negotiated ALPN is h3", customMessage: output.Length > 4000 ? output[^4000..] : output);
        output.ShouldMatch("(?i)handshake (has )?completed");
        lock (host.Events)
        {
            host.Events.ShouldContain(e => e.Kind == QuicConnectionEventKind.HandshakeCompleted);
        }
    }
}
