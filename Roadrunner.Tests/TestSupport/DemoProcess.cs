using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Roadrunner.Tests.TestSupport;

/// <summary>The built Roadrunner.Demo running as a child process, its output read line by line.</summary>
internal sealed partial class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly List<string> _stdoutLines = [];
    private readonly List<string> _stderrLines = [];

    private DemoProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stdout.Writer.TryComplete();
                return;
            }

            lock (_stdoutLines) _stdoutLines.Add(e.Data);
            _stdout.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderrLines) _stderrLines.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdoutLines) return [.. _stdoutLines];
        }
    }

    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_stderrLines) return [.. _stderrLines];
        }
    }

    /// <summary>
    /// The Demo built next to this test assembly: <c>Roadrunner.Demo/bin/{configuration}/{framework}/Roadrunner.Demo.dll</c>
    /// under the repository root (the folder holding Roadrunner.sln), for the configuration the tests were built in.
    /// Fails the test with a clear message when it has not been built.
    /// </summary>
    public static string FindDemoAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent?.Name ?? "Release";
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roadrunner.sln"))) root = root.Parent;
        var candidates = new List<string>
        {
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Roadrunner.Demo", "bin", configuration, framework, "Roadrunner.Demo.dll")),
        };
        if (root is not null) candidates.Add(Path.Combine(root.FullName, "Roadrunner.Demo", "bin", configuration, framework, "Roadrunner.Demo.dll"));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate)) return candidate;
        }

        Assert.Fail($"Roadrunner.Demo.dll was not found (looked at: {string.Join(", ", candidates.Distinct())}); build it with 'dotnet build Roadrunner.Demo -c {configuration}'.");
        return string.Empty;
    }

    /// <summary>Starts the Demo with <paramref name="args"/>.</summary>
    public static DemoProcess Start(params string[] args)
    {
        var dll = FindDemoAssembly();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // The Demo chooses its socket completions itself (a value in its environment would override the choice).
        info.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        return new DemoProcess(Process.Start(info) ?? throw new InvalidOperationException("The Demo did not start."));
    }

    /// <summary>Waits for the stdout line <c>listening on http://HOST:PORT (http1)</c> and returns the port.</summary>
    public async Task<int> WaitForHttpPortAsync(TimeSpan? timeout = null)
    {
        var line = await WaitForLineAsync(l => ListeningLine().IsMatch(l), timeout ?? TimeSpan.FromSeconds(15));
        return int.Parse(ListeningLine().Match(line).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a stdout line that satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _stdout.Reader.ReadAllAsync(cts.Token))
            {
                if (match(line)) return line;
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Fail($"The Demo did not print the expected line within {timeout.TotalSeconds} s. stdout: [{string.Join(" | ", StdoutLines)}] stderr: [{string.Join(" | ", StderrLines)}]");
        return string.Empty;
    }

    /// <summary>Sends SIGTERM (a graceful stop request, unlike <see cref="Process.Kill()"/>, which is SIGKILL).</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SIGTERM) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the process to exit; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [GeneratedRegex(@"^listening on http://[^:]+:(?<port>\d+) \(http1(, h2c)?\)$")]
    private static partial Regex ListeningLine();
}
