namespace Roadrunner.Http1;

/// <summary>The four forms of request-target (RFC 9112 §3.2).</summary>
public enum RequestTargetForm
{
    /// <summary><c>/path?query</c> (§3.2.1).</summary>
    Origin,
    /// <summary><c>http://host/path</c> (§3.2.2).</summary>
    Absolute,
    /// <summary><c>host:port</c>, CONNECT only (§3.2.3).</summary>
    Authority,
    /// <summary><c>*</c>, OPTIONS only (§3.2.4).</summary>
    Asterisk,
}
