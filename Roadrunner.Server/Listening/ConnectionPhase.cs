namespace Roadrunner.Server.Listening;

/// <summary>Where a connection is in its life; the heartbeat picks the timeout from it.</summary>
internal static class ConnectionPhase
{
    /// <summary>Waiting for the next request on a kept-alive connection, no byte of it yet: keep-alive timeout.</summary>
    public const int Idle = 1;

    /// <summary>Reading a request head: request timeout, and the rate guard once bytes arrive.</summary>
    public const int ReadingHead = 2;

    /// <summary>Reading a request body: the rate guard.</summary>
    public const int ReadingBody = 3;

    /// <summary>The handler runs or the response is being written: no server timeout applies.</summary>
    public const int Handling = 4;

    /// <summary>Closed, or being closed by the heartbeat or a drain; nobody else may write.</summary>
    public const int Closed = 5;
}
