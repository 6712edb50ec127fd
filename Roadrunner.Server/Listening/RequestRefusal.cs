namespace Roadrunner.Server.Listening;

/// <summary>Which bound refused a request its place (the <c>reason</c> tag of the throttled counter).</summary>
internal enum RequestRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The connection already holds its stream limit.</summary>
    Connection,

    /// <summary>The client address already holds its share (<see cref="ListenerOptions.PeerRequestShare"/>).</summary>
    Peer,

    /// <summary>The listener is at <see cref="ListenerOptions.MaxConcurrentRequests"/>.</summary>
    Listener,
}
