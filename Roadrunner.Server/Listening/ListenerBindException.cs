using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Listening;

/// <summary>
/// A listener could not bind its address and port (most often: another socket holds it); the message names the
/// listener, the protocol when it is UDP, the address and the port, e.g.
/// <c>listener 'api' could not bind 127.0.0.1:8080: address already in use</c>.
/// <see cref="SocketException.SocketErrorCode"/> is the operating system's answer.
/// </summary>
public sealed class ListenerBindException : SocketException
{
    internal ListenerBindException(string listener, string transport, IPEndPoint endPoint, SocketException inner)
        : base((int)inner.SocketErrorCode)
    {
        Listener = listener;
        EndPoint = endPoint;
        Message = $"listener '{listener}' could not bind {transport}{endPoint}: {Describe(inner)}";
    }

    /// <summary>The listener's name.</summary>
    public string Listener { get; }

    /// <summary>The address and port it tried to bind.</summary>
    public IPEndPoint EndPoint { get; }

    /// <inheritdoc />
    public override string Message { get; }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AccessDenied => "permission denied",
        SocketError.AddressNotAvailable => "address not available",
        _ => ex.Message,
    };
}
