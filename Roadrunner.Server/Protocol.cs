namespace Roadrunner.Server;

/// <summary>The HTTP versions a listener can speak.</summary>
public enum Protocol
{
    /// <summary>HTTP/1.1 (and HTTP/1.0 clients).</summary>
    Http1,
    /// <summary>HTTP/2: by ALPN over TLS, prior knowledge or Upgrade on plain TCP.</summary>
    Http2,
    /// <summary>HTTP/3 over QUIC on UDP.</summary>
    Http3,
}
