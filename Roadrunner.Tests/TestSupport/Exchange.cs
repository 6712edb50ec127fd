using System.IO.Compression;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>One request on a fresh connection, its response read whole.</summary>
internal static class Exchange
{
    /// <summary>Sends <c>METHOD target HTTP/1.1</c> with <paramref name="headers"/> (and a Host) and reads the answer.</summary>
    public static async Task<RawResponse> SendAsync(int port, string method, string target, params string[] headers)
    {
        var request = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: x\r\n");
        foreach (var h in headers) request.Append(h).Append("\r\n");
        request.Append("\r\n");
        using var client = RawClient.Connect(port);
        await client.SendAsync(request.ToString());
        return await client.ReadResponseAsync(head: method == "HEAD");
    }

    public static Task<RawResponse> GetAsync(int port, string target, params string[] headers) => SendAsync(port, "GET", target, headers);

    /// <summary>POSTs <paramref name="body"/> (UTF-8) with its content type and length.</summary>
    public static async Task<RawResponse> PostAsync(int port, string target, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var client = RawClient.Connect(port);
        await client.SendAsync([.. Encoding.ASCII.GetBytes($"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n\r\n"), .. bytes]);
        return await client.ReadResponseAsync();
    }

    /// <summary>The body decoded from <paramref name="coding"/> (gzip, deflate as zlib, br, or none).</summary>
    public static byte[] Decode(byte[] body, string? coding)
    {
        if (coding is null) return body;
        using var input = new MemoryStream(body);
        using Stream decoder = coding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new ArgumentException($"unknown coding {coding}"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
