namespace Roadrunner.Server.Responses;

/// <summary>A long-lived response whose body is written as messages reach its <see cref="IPushHandler"/>.</summary>
public sealed class PushResponse : Response
{
    internal PushResponse(int status, string? contentType, IPushHandler handler, KeyValuePair<string, string>[] headers)
        : base(status, contentType, headers) => Handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <inheritdoc />
    public override ResponseKind Kind => ResponseKind.Push;

    /// <summary>The handler that receives the open, message and close calls.</summary>
    public IPushHandler Handler { get; }

    internal override Response WithHeaders(KeyValuePair<string, string>[] headers) => new PushResponse(Status, ContentType, Handler, headers);
}
