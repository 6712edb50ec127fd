namespace Roadrunner.Server.Deadlines;

/// <summary>What an HTTP/2 or HTTP/3 stream is waiting for from the client, as its connection sees it at a tick.</summary>
internal enum StreamWait : byte
{
    /// <summary>Nothing from the client: the handler runs, or the stream waits on the server (its own reader, its budget).</summary>
    None,

    /// <summary>Request content the server has granted credit for: the minimum request rate after its grace.</summary>
    RequestBody,

    /// <summary>Flow-control credit (or socket room) to send the response: the minimum response rate after its grace.</summary>
    ResponseCredit,
}
