namespace Roadrunner.Server.Multipart;

/// <summary>
/// The header fields of one part, with <c>Content-Disposition</c> (RFC 7578 §4.2, RFC 6266) and
/// <c>Content-Type</c> picked out. Every string here comes from the client: in particular
/// <see cref="FileName"/> must never be used as a path without sanitising it.
/// </summary>
public sealed class MultipartPartHeaders
{
    internal MultipartPartHeaders(
        IReadOnlyList<KeyValuePair<string, string>> fields,
        string? dispositionType,
        string? name,
        string? fileName,
        string? contentType)
    {
        Fields = fields;
        DispositionType = dispositionType;
        Name = name;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>Every header field in order, names as sent, values decoded as UTF-8 with surrounding whitespace removed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The disposition type (<c>form-data</c> for RFC 7578), or null without <c>Content-Disposition</c>.</summary>
    public string? DispositionType { get; }

    /// <summary>The <c>name</c> parameter: the form field name. Browsers escape <c>"</c>, CR and LF as <c>%22</c>, <c>%0D</c>, <c>%0A</c>; that escaping is not undone.</summary>
    public string? Name { get; }

    /// <summary>
    /// The file name: the RFC 5987 <c>filename*</c> parameter when present and decodable (UTF-8 or ISO-8859-1),
    /// otherwise the <c>filename</c> parameter; null when neither. In a quoted value only <c>\"</c> and <c>\\</c>
    /// are unescaped, so a Windows path such as <c>C:\dir\a.txt</c> survives.
    /// </summary>
    public string? FileName { get; }

    /// <summary>The <c>Content-Type</c> field value, or null (RFC 7578 §4.4: then <c>text/plain</c>).</summary>
    public string? ContentType { get; }

    /// <summary>True when the part carries a file name.</summary>
    public bool IsFile => FileName is not null;

    /// <summary>The value of the first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Get(string name)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }

        return null;
    }
}
