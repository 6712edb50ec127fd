using BenchmarkDotNet.Attributes;
using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;

namespace Roadrunner.Benchmarks.Http1;

/// <summary>
/// Parsing request heads: a minimal request, a browser-like GET with eight fields, and the same GET fed one byte
/// per call (the parser resumes where it stopped, so the cost stays linear). A parsed head allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class RequestParseBenchmark
{
    private static readonly byte[] Minimal = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray();

    private static readonly byte[] Browser =
        ("GET /search?q=roadrunner&lang=en HTTP/1.1\r\n" +
        "Host: www.example.com\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n" +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n" +
        "Accept-Language: en-US,en;q=0.5\r\n" +
        "Accept-Encoding: gzip, deflate, br\r\n" +
        "Connection: keep-alive\r\n" +
        "Upgrade-Insecure-Requests: 1\r\n" +
        "Cookie: session=3b1f0c2a9d; theme=dark\r\n" +
        "\r\n").Select(c => (byte)c).ToArray();

    private readonly Http1RequestParser _parser = new();
    private readonly RequestHead _head = new();

    /// <summary><c>GET /hello</c> with Host only.</summary>
    [Benchmark(Baseline = true)]
    public int MinimalGet() => Parse(Minimal);

    /// <summary>A browser-like GET with eight fields and a query.</summary>
    [Benchmark]
    public int BrowserGet() => Parse(Browser);

    /// <summary>The browser GET arriving one byte per read.</summary>
    [Benchmark]
    public int BrowserGetByteAtATime()
    {
        int consumed = 0;
        for (int i = 1; i <= Browser.Length; i++)
        {
            if (_parser.ParseHead(Browser.AsSpan(0, i), _head, out consumed, out _) != Http1ParseStatus.NeedMoreData) break;
        }
        return consumed;
    }

    private int Parse(byte[] request)
    {
        var status = _parser.ParseHead(request, _head, out int consumed, out _);
        return status == Http1ParseStatus.Complete ? consumed : -1;
    }
}
