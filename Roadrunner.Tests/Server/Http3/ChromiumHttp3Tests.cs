using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>
/// A real browser over HTTP/3: headless Chromium, forced onto QUIC for the Demo's TLS origin, loads
/// <c>/#ws-selftest</c>. The page reports the protocol it came over and checks the WebSocket echo; the Demo logs each
/// request from its telemetry; Chromium's net log records the QUIC session. Chromium trusts the Demo's certificate by
/// its SPKI hash (<c>--ignore-certificate-errors</c> does not apply to QUIC). Both run in a fresh network namespace
/// (<c>unshare -n</c>, loopback only), so the browser reaches nothing but the Demo and the fixed ports are free.
/// </summary>
[TestClass]
public sealed class ChromiumHttp3Tests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // $1 dotnet, $2 the Demo, $3 the work folder (cert.pem, key.pem, profile/, netlog.json), $4 the SPKI hash.
    // Chromium runs in the background until a line arrives on standard input; then it is stopped with SIGTERM so its
    // net log is written out. Asynchronous lists read /dev/null, so the Demo's output is kept on fd 4 for `cat`.
    private const string Script = """
        exec 3<&0
        ip link set lo up || exit 3
        "$1" "$2" --port 8080 --tls-port 8443 --cert "$3/cert.pem" --key "$3/key.pem" --log-requests | {
          exec 4<&0
          read -r line || { echo "the Demo did not start"; exit 4; }
          echo "demo: $line"
          read -r line || { echo "the Demo did not start"; exit 4; }
          echo "demo: $line"
          cat <&4 &
          chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
            --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
            --no-first-run --no-default-browser-check --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
            --origin-to-force-quic-on=127.0.0.1:8443 --ignore-certificate-errors-spki-list="$4" \
            --log-net-log="$3/netlog.json" --user-data-dir="$3/profile" --enable-logging=stderr --log-level=0 \
            'https://127.0.0.1:8443/#ws-selftest' 2>&1 &
          chrome=$!
          read -r _ <&3
          kill -TERM $chrome
          wait $chrome
          echo "chromium stopped"
        }
        """;

    [TestMethod]
    public async Task Chromium_LoadsTheDemoOverHttp3_WebSocketBoxWorks()
    {
        if (ExecutablePath.Find("chromium") is null) Assert.Inconclusive("chromium is not installed (apt-get install chromium).");
        if (ExecutablePath.Find("unshare") is null) Assert.Inconclusive("unshare is not installed (util-linux).");

        var work = Directory.CreateTempSubdirectory("rr-chromium-h3").FullName;
        var spki = WriteCertificate(work);
        var demo = DemoProcess.FindDemoAssembly();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-n", "sh", "-c", Script, "sh", string.IsNullOrEmpty(host) ? "dotnet" : host, demo, work, spki]) info.ArgumentList.Add(arg);

        var output = new List<string>();
        var selfTest = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = info };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            // Chromium logs console messages as: [...:INFO:CONSOLE:89] "ws-selftest: ok ...", source: ...
            var at = e.Data.IndexOf("ws-selftest: ", StringComparison.Ordinal);
            if (at >= 0) selfTest.TrySetResult(e.Data[at..].Split('"')[0]);
            if (e.Data == "chromium stopped") stopped.TrySetResult();
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) =>
        {
            selfTest.TrySetResult("(exited)");
            stopped.TrySetResult();
        };
        process.EnableRaisingEvents = true;
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var line = await selfTest.Task.WaitAsync(Deadline);
            await process.StandardInput.WriteLineAsync("stop");
            await process.StandardInput.FlushAsync();
            await stopped.Task.WaitAsync(Deadline);

            // The page came over HTTP/3 and the WebSocket box echoed text and binary.
            line.ShouldStartWith("ws-selftest: ok", customMessage: Transcript(output));
            line.ShouldContain("binary=70000");
            line.ShouldContain("page=h3", customMessage: Transcript(output));

            // The server's telemetry recorded the page and its sub-requests as HTTP/3 on the TLS listener.
            List<string> requests;
            lock (output) requests = output.Where(l => l.StartsWith("request: https HTTP/3 GET 200", StringComparison.Ordinal)).ToList();
            requests.ShouldNotBeEmpty(Transcript(output));

            // Chromium's net log shows a QUIC session to the Demo carrying HTTP/3 responses.
            var log = NetLog.Read(Path.Combine(work, "netlog.json"));
            log.Events("QUIC_SESSION").ShouldContain(e => e.Host == "127.0.0.1" && e.Port == 8443, Transcript(output));
            log.Events("HTTP3_HEADERS_RECEIVED").ShouldNotBeEmpty();
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no result within {Deadline.TotalSeconds} s. {Transcript(output)}");
        }
        finally
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Writes a P-256 certificate for 127.0.0.1 and its key as PEM; returns the base64 SHA-256 of its SPKI.</summary>
    private static string WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    private static string Transcript(List<string> output)
    {
        lock (output) return "output:\n" + string.Join('\n', output.Where(l => !l.Contains("dbus", StringComparison.Ordinal)).TakeLast(40));
    }

    /// <summary>
    /// Chromium's net log: a constants object naming event types by number, then one event per line.
    /// </summary>
    private sealed class NetLog
    {
        private readonly Dictionary<string, int> _types;
        private readonly List<JsonElement> _events;

        private NetLog(Dictionary<string, int> types, List<JsonElement> events)
        {
            _types = types;
            _events = events;
        }

        public static NetLog Read(string path)
        {
            // Line 1 is {"constants":{...}, line 2 opens "events", then one event per line. A browser stopped by a
            // signal may end the file inside an event, so each line is parsed alone and an unfinished one is skipped.
            var lines = File.ReadAllLines(path);
            var types = new Dictionary<string, int>();
            using (var constants = JsonDocument.Parse(lines[0].TrimEnd(',') + "}"))
            {
                foreach (var type in constants.RootElement.GetProperty("constants").GetProperty("logEventTypes").EnumerateObject())
                    types[type.Name] = type.Value.GetInt32();
            }

            var events = new List<JsonElement>();
            foreach (var line in lines.Skip(1))
            {
                if (!line.StartsWith('{')) continue;
                try
                {
                    using var e = JsonDocument.Parse(line.TrimEnd(','));
                    events.Add(e.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // The unfinished last event.
                }
            }

            return new NetLog(types, events);
        }

        public List<(string? Host, int Port)> Events(string type)
        {
            var id = _types[type];
            return _events
                .Where(e => e.TryGetProperty("type", out var t) && t.GetInt32() == id)
                .Select(e => e.TryGetProperty("params", out var p)
                    ? (p.TryGetProperty("host", out var h) ? h.GetString() : null, p.TryGetProperty("port", out var port) ? port.GetInt32() : 0)
                    : (null, 0))
                .ToList();
        }
    }
}
