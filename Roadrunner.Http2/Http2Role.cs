namespace Roadrunner.Http2;

/// <summary>Which end of the connection an <see cref="Http2Connection"/> plays.</summary>
public enum Http2Role
{
    /// <summary>Accepts requests: expects the client preface, validates requests, sends responses.</summary>
    Server,
    /// <summary>Sends requests: writes the preface, opens odd-numbered streams, reads responses.</summary>
    Client,
}
