namespace Roadrunner.Server.Multipart;

/// <summary>
/// One event from <see cref="MultipartReader.TryRead"/>. It is a ref struct because <see cref="Data"/> aliases the
/// input span of that call: copy or process it before the input buffer is reused.
/// </summary>
public readonly ref struct MultipartEvent
{
    private MultipartEvent(MultipartEventKind kind, MultipartPartHeaders? headers, ReadOnlySpan<byte> data, MultipartError error)
    {
        Kind = kind;
        Headers = headers;
        Data = data;
        Error = error;
    }

    /// <summary>What happened.</summary>
    public MultipartEventKind Kind { get; }

    /// <summary>The part's header fields, for <see cref="MultipartEventKind.PartStarted"/>; otherwise null.</summary>
    public MultipartPartHeaders? Headers { get; }

    /// <summary>Body bytes, for <see cref="MultipartEventKind.PartData"/> (never empty then); otherwise empty.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The failure, for <see cref="MultipartEventKind.Error"/>; otherwise none.</summary>
    public MultipartError Error { get; }

    internal static MultipartEvent Started(MultipartPartHeaders headers) => new(MultipartEventKind.PartStarted, headers, default, default);

    internal static MultipartEvent Body(ReadOnlySpan<byte> data) => new(MultipartEventKind.PartData, null, data, default);

    internal static MultipartEvent Ended => new(MultipartEventKind.PartEnded, null, default, default);

    internal static MultipartEvent Done => new(MultipartEventKind.Completed, null, default, default);

    internal static MultipartEvent Failed(MultipartError error) => new(MultipartEventKind.Error, null, default, error);
}
