namespace Roadrunner.Server.Responses;

/// <summary>
/// A file, or a byte range of it. On plain TCP the bytes go from the page cache to the socket with
/// sendfile; over TLS they are copied through a pooled buffer.
/// </summary>
public sealed class FileResponse : Response
{
    internal FileResponse(int status, string? contentType, string path, long offset, long length, KeyValuePair<string, string>[] headers)
        : base(status, contentType, headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, -1);
        Path = path;
        Offset = offset;
        Length = length;
    }

    /// <inheritdoc />
    public override ResponseKind Kind => ResponseKind.File;

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>First byte sent.</summary>
    public long Offset { get; }

    /// <summary>Number of bytes sent, or -1 for everything from <see cref="Offset"/> to the end.</summary>
    public long Length { get; }

    internal override Response WithHeaders(KeyValuePair<string, string>[] headers) => new FileResponse(Status, ContentType, Path, Offset, Length, headers);
}
