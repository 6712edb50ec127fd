namespace Roadrunner.Server.Requests;

/// <summary>How a request body reaches the handler.</summary>
public enum BodyMode
{
    /// <summary>The server reads the whole body (bounded by the content-length limit) before the handler runs; read it from <see cref="Request.Body"/>.</summary>
    Auto,
    /// <summary>The handler reads the body as it arrives with <see cref="Request.ReadBodyAsync"/>; what it leaves unread is drained before the next request.</summary>
    Manual,
}
