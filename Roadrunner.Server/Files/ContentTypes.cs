using System.Collections.Frozen;

namespace Roadrunner.Server.Files;

/// <summary>
/// Media types by file extension for static files. Text types carry <c>; charset=utf-8</c>; unknown
/// extensions get <see cref="Default"/> (<c>application/octet-stream</c>), which browsers download rather than render.
/// Extensions are case-insensitive, with or without the leading dot.
/// </summary>
/// <remarks>
/// The table: html/htm, css, js/mjs/cjs (text/javascript, RFC 9239), json, map (application/json), jsonld,
/// webmanifest, txt, csv, md, xml, xsl, ics, vtt, yaml/yml, svg, png, jpg/jpeg, gif, webp, avif, ico, bmp, tif/tiff,
/// woff, woff2, ttf, otf, eot, wasm, pdf, zip, gz, tar, br, mp4, webm, ogv, mp3, ogg, oga, opus, wav, flac, m4a, aac.
/// </remarks>
public static class ContentTypes
{
    /// <summary>The type for unknown extensions: <c>application/octet-stream</c>.</summary>
    public const string Default = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "text/html; charset=utf-8",
        ["htm"] = "text/html; charset=utf-8",
        ["css"] = "text/css; charset=utf-8",
        ["js"] = "text/javascript; charset=utf-8",
        ["mjs"] = "text/javascript; charset=utf-8",
        ["cjs"] = "text/javascript; charset=utf-8",
        ["json"] = "application/json",
        ["map"] = "application/json",
        ["jsonld"] = "application/ld+json",
        ["webmanifest"] = "application/manifest+json",
        ["txt"] = "text/plain; charset=utf-8",
        ["csv"] = "text/csv; charset=utf-8",
        ["md"] = "text/markdown; charset=utf-8",
        ["xml"] = "application/xml",
        ["xsl"] = "application/xslt+xml",
        ["ics"] = "text/calendar; charset=utf-8",
        ["vtt"] = "text/vtt; charset=utf-8",
        ["yaml"] = "application/yaml",
        ["yml"] = "application/yaml",
        ["svg"] = "image/svg+xml",
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["webp"] = "image/webp",
        ["avif"] = "image/avif",
        ["ico"] = "image/x-icon",
        ["bmp"] = "image/bmp",
        ["tif"] = "image/tiff",
        ["tiff"] = "image/tiff",
        ["woff"] = "font/woff",
        ["woff2"] = "font/woff2",
        ["ttf"] = "font/ttf",
        ["otf"] = "font/otf",
        ["eot"] = "application/vnd.ms-fontobject",
        ["wasm"] = "application/wasm",
        ["pdf"] = "application/pdf",
        ["zip"] = "application/zip",
        ["gz"] = "application/gzip",
        ["tar"] = "application/x-tar",
        ["br"] = "application/octet-stream",
        ["mp4"] = "video/mp4",
        ["webm"] = "video/webm",
        ["ogv"] = "video/ogg",
        ["mp3"] = "audio/mpeg",
        ["ogg"] = "audio/ogg",
        ["oga"] = "audio/ogg",
        ["opus"] = "audio/ogg",
        ["wav"] = "audio/wav",
        ["flac"] = "audio/flac",
        ["m4a"] = "audio/mp4",
        ["aac"] = "audio/aac",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The media type for <paramref name="extension"/> (<c>"html"</c> or <c>".html"</c>), or <see cref="Default"/>.</summary>
    public static string FromExtension(ReadOnlySpan<char> extension)
        => TryGetFromExtension(extension, out var type) ? type : Default;

    /// <summary>Looks up <paramref name="extension"/> (<c>"html"</c> or <c>".html"</c>); false when it is not in the table.</summary>
    public static bool TryGetFromExtension(ReadOnlySpan<char> extension, out string contentType)
    {
        if (!extension.IsEmpty && extension[0] == '.')
        {
            extension = extension[1..];
        }

        if (Lookup.TryGetValue(extension, out var found))
        {
            contentType = found;
            return true;
        }

        contentType = Default;
        return false;
    }

    /// <summary>The media type for the extension of <paramref name="path"/>, or <see cref="Default"/>.</summary>
    public static string FromPath(ReadOnlySpan<char> path) => FromExtension(System.IO.Path.GetExtension(path));
}
