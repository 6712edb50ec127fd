namespace Roadrunner.Server.Listening;

/// <summary>Whether a listener takes new connections.</summary>
public enum ListenerStatus
{
    /// <summary>Accepting connections.</summary>
    Accepting,
    /// <summary>No longer accepting; open connections are finishing.</summary>
    Draining,
    /// <summary>Stopped: every connection is closed.</summary>
    Stopped,
}
