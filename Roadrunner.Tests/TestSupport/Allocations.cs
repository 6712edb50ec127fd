namespace Roadrunner.Tests.TestSupport;

/// <summary>Measures what code allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="run"/> allocated on this thread in any of <paramref name="rounds"/> rounds.
    /// Code that allocates per call allocates in every round; the runtime can allocate now and then on a test's
    /// thread while the rest of the suite runs beside it, and taking the fewest keeps that out of the figure.
    /// </summary>
    public static long Fewest(Action run, int rounds = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < rounds && fewest != 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
