using System.Globalization;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>One HTTP/1.1 response as read off the wire.</summary>
internal sealed class RawResponse
{
    public int Status { get; private init; }

    public string StatusLine { get; private init; } = "";

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public List<KeyValuePair<string, string>> Trailers { get; } = [];

    public byte[] Body { get; private set; } = [];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? Trailer(string name) => Trailers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Parses a whole response from the start of <paramref name="data"/>, if it is all there.</summary>
    public static bool TryParse(byte[] data, bool head, out RawResponse? response, out int consumed)
    {
        response = null;
        consumed = 0;
        var text = Encoding.Latin1.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var r = new RawResponse { Status = status, StatusLine = lines[0] };
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            r.Headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var pos = end + 4;
        if (head || status is (>= 100 and < 200) or 204 or 304)
        {
            response = r;
            consumed = pos;
            return true;
        }

        if (r.Header("transfer-encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new MemoryStream();
            while (true)
            {
                var lineEnd = text.IndexOf("\r\n", pos, StringComparison.Ordinal);
                if (lineEnd < 0) return false;
                var size = int.Parse(text[pos..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                pos = lineEnd + 2;
                if (size == 0)
                {
                    while (true)
                    {
                        var trailerEnd = text.IndexOf("\r\n", pos, StringComparison.Ordinal);
                        if (trailerEnd < 0) return false;
                        if (trailerEnd == pos)
                        {
                            pos += 2;
                            break;
                        }

                        var t = text[pos..trailerEnd];
                        var c = t.IndexOf(':', StringComparison.Ordinal);
                        r.Trailers.Add(new(t[..c], t[(c + 1)..].Trim()));
                        pos = trailerEnd + 2;
                    }

                    r.Body = body.ToArray();
                    response = r;
                    consumed = pos;
                    return true;
                }

                if (data.Length < pos + size + 2) return false;
                body.Write(data, pos, size);
                pos += size + 2;
            }
        }

        var length = r.Header("content-length") is { } cl ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
        if (data.Length < pos + length) return false;
        r.Body = data[pos..(pos + length)];
        response = r;
        consumed = pos + length;
        return true;
    }
}
