using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Responses;

/// <summary>
/// The body of a <see cref="StreamResponse"/> as it is written: each write goes out at once (a chunk on
/// HTTP/1.1, DATA on HTTP/2 and HTTP/3). Trailers added before the writer returns follow the last chunk.
/// </summary>
public abstract class ResponseStream
{
    private List<KeyValuePair<string, string>>? _trailers;

    /// <summary>The request being answered.</summary>
    public abstract Request Request { get; }

    /// <summary>Cancelled when the client goes away or the connection is force-closed.</summary>
    public abstract CancellationToken Aborted { get; }

    /// <summary>Sends <paramref name="data"/> to the client now.</summary>
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Adds a trailer field sent after the body (RFC 9110 §6.5).</summary>
    /// <exception cref="ArgumentException">Invalid name or value.</exception>
    public void AddTrailer(string name, string value)
    {
        HeaderRules.Validate(name, value);
        (_trailers ??= []).Add(new(name, value));
    }

    /// <summary>Trailer fields added so far.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers => (IReadOnlyList<KeyValuePair<string, string>>?)_trailers ?? [];

    /// <summary>Forgets trailers so a pooled instance can serve the next response.</summary>
    private protected void ClearTrailers() => _trailers?.Clear();
}
