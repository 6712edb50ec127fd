namespace Roadrunner.Http1;

/// <summary>Methods recognised without allocation (RFC 9110 §9). Anything else is <see cref="Custom"/>.</summary>
public enum KnownMethod
{
    /// <summary>A method token not listed here; read its bytes from the head.</summary>
    Custom,
    /// <summary>GET</summary>
    Get,
    /// <summary>HEAD</summary>
    Head,
    /// <summary>POST</summary>
    Post,
    /// <summary>PUT</summary>
    Put,
    /// <summary>DELETE</summary>
    Delete,
    /// <summary>CONNECT</summary>
    Connect,
    /// <summary>OPTIONS</summary>
    Options,
    /// <summary>TRACE</summary>
    Trace,
    /// <summary>PATCH</summary>
    Patch,
}
