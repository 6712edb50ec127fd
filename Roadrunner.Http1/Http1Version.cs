namespace Roadrunner.Http1;

/// <summary>The HTTP versions an HTTP/1.x connection speaks (RFC 9112 §2.3).</summary>
public enum Http1Version
{
    /// <summary>HTTP/1.0: close after the response unless keep-alive is asked for.</summary>
    Http10,

    /// <summary>HTTP/1.1: persistent unless <c>Connection: close</c>.</summary>
    Http11,
}
