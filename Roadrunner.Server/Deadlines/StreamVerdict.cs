namespace Roadrunner.Server.Deadlines;

/// <summary>What a tick found about a stream's wait on the client (<see cref="StreamDeadline.Check"/>).</summary>
internal enum StreamVerdict : byte
{
    /// <summary>Within its limits.</summary>
    None,

    /// <summary>Request content came slower than the minimum request rate after its grace.</summary>
    RequestTooSlow,

    /// <summary>The client let the response through slower than the minimum response rate after its grace.</summary>
    ResponseTooSlow,
}
