namespace Roadrunner.Server.Responses;

/// <summary>A response whose body is written by a callback as it is produced.</summary>
public sealed class StreamResponse : Response
{
    internal StreamResponse(int status, string? contentType, Func<ResponseStream, ValueTask> writer, KeyValuePair<string, string>[] headers)
        : base(status, contentType, headers) => Writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <inheritdoc />
    public override ResponseKind Kind => ResponseKind.Stream;

    /// <summary>Writes the body; the response ends when the returned task completes.</summary>
    public Func<ResponseStream, ValueTask> Writer { get; }

    internal override Response WithHeaders(KeyValuePair<string, string>[] headers) => new StreamResponse(Status, ContentType, Writer, headers);
}
