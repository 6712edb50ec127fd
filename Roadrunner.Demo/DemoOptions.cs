using System.Net;
using Roadrunner.Server.Listening;

namespace Roadrunner.Demo;

/// <summary>The Demo's command line (the contract benchmarks and external checks drive).</summary>
internal sealed record DemoOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public int Port { get; init; } = 8080;

    public int? H2cPort { get; init; }

    public int TlsPort { get; init; } = 8443;

    public string? CertPath { get; init; }

    public string? KeyPath { get; init; }

    public string Root { get; init; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public bool NoH3 { get; init; }

    public int MaxClients { get; init; } = 150;

    public bool LogRequests { get; init; }

    public int Http3Sockets { get; init; } = 1;

    public bool PoolCompletions { get; init; }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given: print <see cref="Usage"/> and exit 0.</summary>
    public bool Help { get; init; }

    public const string Usage = """
        usage: Roadrunner.Demo [options]
          --port N            HTTP/1.1 on plain TCP (default 8080)
          --h2c-port N        HTTP/2 with prior knowledge on plain TCP (default off)
          --tls-port N        HTTPS on TCP (h1 + h2 by ALPN) and HTTP/3 on UDP (default 8443, 0 = off)
          --cert F --key F    PEM certificate and key (default: a self-signed one made in memory)
          --root DIR          folder served under /static/ (default: the bundled wwwroot)
          --no-h3             no HTTP/3 listener
          --address A         address to bind (default 127.0.0.1)
          --max-clients N     connections open at once per listener (default 150)
          --log-requests      a line per finished request (listener, protocol, method, status, time) from telemetry
          --h3-sockets N      UDP sockets sharing the HTTP/3 port with SO_REUSEPORT, 1 to 64 (default 1)
          --pool-completions  socket completions go through the thread pool (default: they run on the socket
                              event thread, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1; see README)
          --help, -h          this text
        """;

    /// <summary>Parses <paramref name="args"/>; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static DemoOptions? Parse(string[] args, out string? error)
    {
        var o = new DemoOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length) throw new FormatException($"{arg} needs a value");
                return args[++i];
            }

            int PortValue()
            {
                var v = Value();
                if (!int.TryParse(v, out var p) || p < 0 || p > 65535) throw new FormatException($"{arg}: '{v}' is not a port");
                return p;
            }

            try
            {
                switch (arg)
                {
                    case "--port": o = o with { Port = PortValue() }; break;
                    case "--h2c-port": o = o with { H2cPort = PortValue() }; break;
                    case "--tls-port": o = o with { TlsPort = PortValue() }; break;
                    case "--cert": o = o with { CertPath = Value() }; break;
                    case "--key": o = o with { KeyPath = Value() }; break;
                    case "--root": o = o with { Root = Path.GetFullPath(Value()) }; break;
                    case "--help" or "-h": return o with { Help = true };
                    case "--no-h3": o = o with { NoH3 = true }; break;
                    case "--log-requests": o = o with { LogRequests = true }; break;
                    case "--pool-completions": o = o with { PoolCompletions = true }; break;
                    case "--max-clients":
                        var m = Value();
                        if (!int.TryParse(m, out var max) || max < 1) throw new FormatException($"--max-clients: '{m}' is not a positive number");
                        o = o with { MaxClients = max };
                        break;
                    case "--h3-sockets":
                        var h = Value();
                        if (!int.TryParse(h, out var sockets) || sockets < 1 || sockets > ListenerOptions.MaxHttp3Sockets)
                        {
                            throw new FormatException($"--h3-sockets: '{h}' is not a number from 1 to {ListenerOptions.MaxHttp3Sockets}");
                        }

                        o = o with { Http3Sockets = sockets };
                        break;
                    case "--address":
                        var a = Value();
                        if (!IPAddress.TryParse(a, out var address)) throw new FormatException($"--address: '{a}' is not an IP address");
                        o = o with { Address = address };
                        break;
                    default: throw new FormatException($"unknown option {arg}");
                }
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        if ((o.CertPath is null) != (o.KeyPath is null))
        {
            error = "--cert and --key go together";
            return null;
        }

        // Files are checked before any listener starts, so a mistake never leaves half the Demo listening.
        if (o.CertPath is not null && !File.Exists(o.CertPath)) error = $"--cert: no such file: {o.CertPath}";
        else if (o.KeyPath is not null && !File.Exists(o.KeyPath)) error = $"--key: no such file: {o.KeyPath}";
        else if (!Directory.Exists(o.Root)) error = $"--root: no such folder: {o.Root}";
        return error is null ? o : null;
    }
}
