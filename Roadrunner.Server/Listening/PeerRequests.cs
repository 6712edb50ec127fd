namespace Roadrunner.Server.Listening;

/// <summary>
/// One client address's requests in flight (an IPv6 address counts by its /64), and how many of its connections
/// point here; kept in <see cref="RequestBudget"/>'s table while either is above zero.
/// </summary>
internal sealed class PeerRequests(UInt128 key)
{
    /// <summary>Requests in flight; changed with <see cref="Interlocked"/> only.</summary>
    internal int InFlight;

    /// <summary>Connections that joined and have not left; changed with <see cref="Interlocked"/> under the table's lock.</summary>
    internal int Connections;

    /// <summary>The address, or its /64 prefix, as <see cref="RequestBudget.KeyOf"/> gives it.</summary>
    public UInt128 Key { get; } = key;
}
