using System.Globalization;

namespace Roadrunner.Http2;

/// <summary>
/// Something the connection reports, pulled with <see cref="Http2Connection.TryReadEvent"/>. A tagged value:
/// <see cref="Kind"/> says which members are filled (see <see cref="Http2EventKind"/>). Memory it carries belongs to
/// the connection and stays valid until the next <see cref="Http2Connection.Receive"/>.
/// </summary>
public readonly struct Http2Event : IEquatable<Http2Event>
{
    internal Http2Event(
        Http2EventKind kind, int streamId = 0, bool endStream = false, Http2ErrorCode errorCode = Http2ErrorCode.NO_ERROR,
        ReadOnlyMemory<byte> data = default, Http2HeaderList headers = default, string? reason = null, int lastStreamId = 0)
    {
        Kind = kind;
        StreamId = streamId;
        EndStream = endStream;
        ErrorCode = errorCode;
        Data = data;
        Headers = headers;
        Reason = reason;
        LastStreamId = lastStreamId;
    }

    /// <summary>What happened.</summary>
    public Http2EventKind Kind { get; }

    /// <summary>The stream concerned; 0 for connection events.</summary>
    public int StreamId { get; }

    /// <summary>The peer will send nothing more on the stream.</summary>
    public bool EndStream { get; }

    /// <summary>The error code of a reset, error or GOAWAY.</summary>
    public Http2ErrorCode ErrorCode { get; }

    /// <summary>DATA content, PING opaque data or GOAWAY debug data.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The field section of a headers or trailers event.</summary>
    public Http2HeaderList Headers { get; }

    /// <summary>A constant reason from <see cref="Http2Errors"/> for errors we detected (or the application's, for <see cref="Http2Connection.Abort"/>).</summary>
    public string? Reason { get; }

    /// <summary>The Last-Stream-ID of a GOAWAY.</summary>
    public int LastStreamId { get; }

    /// <inheritdoc />
    public bool Equals(Http2Event other) =>
        Kind == other.Kind && StreamId == other.StreamId && EndStream == other.EndStream && ErrorCode == other.ErrorCode
        && Data.Equals(other.Data) && Headers == other.Headers && Reason == other.Reason && LastStreamId == other.LastStreamId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Http2Event other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, StreamId, EndStream, ErrorCode, Data.Length, Reason, LastStreamId);

    /// <summary>Same event.</summary>
    public static bool operator ==(Http2Event left, Http2Event right) => left.Equals(right);

    /// <summary>Different events.</summary>
    public static bool operator !=(Http2Event left, Http2Event right) => !left.Equals(right);

    /// <summary>A one-line description for logs and test failures.</summary>
    public override string ToString() => Kind switch
    {
        Http2EventKind.DataReceived => string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId}, {Data.Length} bytes{(EndStream ? ", END_STREAM" : "")}"),
        Http2EventKind.StreamReset or Http2EventKind.StreamError or Http2EventKind.ConnectionClosed or Http2EventKind.GoAwayReceived =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId} {ErrorCode} {Reason}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId}{(EndStream ? ", END_STREAM" : "")}"),
    };
}
