namespace Roadrunner.Server.Responses;

/// <summary>Why a push response ended.</summary>
public enum PushCloseReason
{
    /// <summary>The handler called <see cref="PushContext.Stop"/>.</summary>
    Stopped,
    /// <summary>The listener is draining; the body ends after this call.</summary>
    Draining,
    /// <summary>The client went away or a write failed.</summary>
    ClientGone,
}
