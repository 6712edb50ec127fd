namespace Roadrunner.Tests.Quic.Network;

/// <summary>What the in-memory network does to datagrams, drawn from a seeded random source so runs repeat exactly.</summary>
internal sealed record Impairment
{
    public double Loss { get; init; }

    public double Reorder { get; init; }

    public double Duplicate { get; init; }

    public double Corrupt { get; init; }

    /// <summary>One-way delay, microseconds.</summary>
    public long Delay { get; init; } = 10_000;

    /// <summary>Extra delay for reordered datagrams, microseconds.</summary>
    public long ReorderDelay { get; init; } = 15_000;

    public static Impairment Clean { get; } = new();
}
