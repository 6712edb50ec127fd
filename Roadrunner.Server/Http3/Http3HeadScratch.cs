using Roadrunner.Http3;

namespace Roadrunner.Server.Http3;

/// <summary>
/// Reused buffers for a response header section: the field array, content-length digits, the date, and the encoded
/// content types seen last. Used only under the HTTP/3 listener's lock, while QPACK encodes the fields.
/// </summary>
internal sealed class Http3HeadScratch
{
    private const int ContentTypeCacheSize = 8;

    private readonly (string Text, byte[] Bytes)[] _contentTypes = new (string, byte[])[ContentTypeCacheSize];
    private int _next;

    public Http3Header[] Fields { get; set; } = new Http3Header[16];

    public byte[] ContentLength { get; } = new byte[20];

    public byte[] Date { get; } = new byte[32];

    /// <summary>The Latin-1 bytes of a content type; the few a server uses are encoded once.</summary>
    public byte[] ContentType(string contentType)
    {
        foreach (var (text, bytes) in _contentTypes)
        {
            if (ReferenceEquals(text, contentType)) return bytes;
        }

        var encoded = System.Text.Encoding.Latin1.GetBytes(contentType);
        _contentTypes[_next] = (contentType, encoded);
        _next = (_next + 1) % ContentTypeCacheSize;
        return encoded;
    }
}
