namespace Roadrunner.Server.Compression;

/// <summary>
/// Which response media types are worth compressing on the fly. Parameters (<c>; charset=...</c>) and case are ignored.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>media type</term><description>compressible</description></listheader>
/// <item><term><c>text/*</c></term><description>yes, except <c>text/event-stream</c></description></item>
/// <item><term><c>application/json</c>, <c>application/*+json</c></term><description>yes</description></item>
/// <item><term><c>application/xml</c>, <c>application/*+xml</c>, <c>image/svg+xml</c></term><description>yes</description></item>
/// <item><term><c>application/javascript</c>, <c>application/x-javascript</c>, <c>application/ecmascript</c></term><description>yes</description></item>
/// <item><term><c>application/x-www-form-urlencoded</c>, <c>application/graphql</c></term><description>yes</description></item>
/// <item><term><c>font/ttf</c>, <c>font/otf</c>, <c>application/vnd.ms-fontobject</c>, <c>image/x-icon</c>, <c>image/vnd.microsoft.icon</c>, <c>image/bmp</c></term><description>yes (uncompressed formats)</description></item>
/// <item><term><c>text/event-stream</c>, <c>application/x-ndjson</c></term><description>no: streamed messages must reach the client at once, and a compressor holds them back</description></item>
/// <item><term><c>application/wasm</c></term><description>no: serve precompressed <c>.wasm.br</c> / <c>.wasm.gz</c> files instead of spending CPU per request on large binaries</description></item>
/// <item><term>everything else (images, audio, video, <c>font/woff</c>, <c>font/woff2</c>, archives, <c>application/octet-stream</c>)</term><description>no: already compressed or unknown</description></item>
/// </list>
/// </remarks>
public static class CompressibleTypes
{
    /// <summary>True when a response of <paramref name="contentType"/> should be compressed.</summary>
    public static bool IsCompressible(ReadOnlySpan<char> contentType)
    {
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim(" \t");
        var slash = mediaType.IndexOf('/');
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            return false;
        }

        var type = mediaType[..slash];
        var subtype = mediaType[(slash + 1)..];
        if (type.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            return !subtype.Equals("event-stream", StringComparison.OrdinalIgnoreCase);
        }

        if (subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (type.Equals("application", StringComparison.OrdinalIgnoreCase))
        {
            return Is(subtype, "json") || Is(subtype, "xml") || Is(subtype, "javascript") || Is(subtype, "x-javascript")
                || Is(subtype, "ecmascript") || Is(subtype, "x-www-form-urlencoded") || Is(subtype, "graphql")
                || Is(subtype, "vnd.ms-fontobject");
        }

        if (type.Equals("font", StringComparison.OrdinalIgnoreCase))
        {
            return Is(subtype, "ttf") || Is(subtype, "otf");
        }

        if (type.Equals("image", StringComparison.OrdinalIgnoreCase))
        {
            return Is(subtype, "x-icon") || Is(subtype, "vnd.microsoft.icon") || Is(subtype, "bmp");
        }

        return false;

        static bool Is(ReadOnlySpan<char> subtype, string name) => subtype.Equals(name, StringComparison.OrdinalIgnoreCase);
    }
}
