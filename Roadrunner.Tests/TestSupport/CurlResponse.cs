using System.Globalization;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>What <c>curl -i</c> printed: the status and fields of the last response, and the body as curl wrote it.</summary>
internal sealed class CurlResponse
{
    private CurlResponse(int status, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        Status = status;
        Headers = headers;
        Body = body;
    }

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Runs <c>curl -i</c> with <paramref name="args"/> and splits its output.</summary>
    public static async Task<CurlResponse> GetAsync(params string[] args)
    {
        var (exit, output, error) = await CurlRunner.RunAsync(["-i", .. args]);
        if (exit != 0) Assert.Fail($"curl {string.Join(' ', args)} exited {exit}: {error}");
        var end = output.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0) Assert.Fail($"curl printed no response head: {Encoding.Latin1.GetString(output)}");
        var lines = Encoding.Latin1.GetString(output, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim())).ToList();
        return new CurlResponse(status, headers, output[(end + 4)..]);
    }
}
