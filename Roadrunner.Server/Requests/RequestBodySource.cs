namespace Roadrunner.Server.Requests;

/// <summary>A protocol connection's way of handing body bytes to a handler in manual mode.</summary>
internal abstract class RequestBodySource
{
    /// <summary>Copies the next body bytes into <paramref name="destination"/>; 0 at the end of the body.</summary>
    public abstract ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken);
}
