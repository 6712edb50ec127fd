namespace Roadrunner.Http3;

/// <summary>Which end of the connection we are.</summary>
public enum Http3Role
{
    /// <summary>We accept requests on client-initiated bidirectional streams.</summary>
    Server,

    /// <summary>We send requests on bidirectional streams we open.</summary>
    Client,
}
