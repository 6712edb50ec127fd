using System.Globalization;

namespace Roadrunner.Http3;

/// <summary>
/// Something the connection reports, pulled with <see cref="Http3Connection.TryReadEvent"/>. A tagged value:
/// <see cref="Kind"/> says which members are filled (see <see cref="Http3EventKind"/>). Memory it carries belongs to
/// the connection and stays valid until the next input call.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="StreamId">The stream concerned; -1 for connection events.</param>
/// <param name="EndStream">The peer will send nothing more on the stream.</param>
/// <param name="ErrorCode">The error code of a reset, stop-sending or error.</param>
/// <param name="Data">DATA content.</param>
/// <param name="Headers">The field section of a headers or trailers event.</param>
/// <param name="Reason">A constant reason for errors we detected.</param>
/// <param name="Id">The identifier of a GOAWAY.</param>
public readonly record struct Http3Event(
    Http3EventKind Kind, long StreamId = -1, bool EndStream = false, Http3ErrorCode ErrorCode = 0,
    ReadOnlyMemory<byte> Data = default, Http3HeaderList Headers = default, string? Reason = null, long Id = 0)
{
    /// <summary>A one-line description for logs and test failures.</summary>
    public override string ToString() => Kind switch
    {
        Http3EventKind.DataReceived => string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId}, {Data.Length} bytes{(EndStream ? ", FIN" : "")}"),
        Http3EventKind.StreamReset or Http3EventKind.StopSendingReceived or Http3EventKind.StreamError or Http3EventKind.ConnectionError =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId} {ErrorCode} {Reason}"),
        Http3EventKind.GoAwayReceived => string.Create(CultureInfo.InvariantCulture, $"{Kind} id {Id}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind} stream {StreamId}{(EndStream ? ", FIN" : "")}"),
    };
}
