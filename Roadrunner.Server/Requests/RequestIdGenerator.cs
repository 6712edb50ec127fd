using System.Security.Cryptography;

namespace Roadrunner.Server.Requests;

/// <summary>
/// Request ids: 96 random bits each, cut from a per-thread buffer that a CSPRNG fills 256 ids at a time,
/// so an id costs a few loads instead of a system call. The text form is made only when asked for.
/// </summary>
internal static class RequestIdGenerator
{
    private const int IdsPerRefill = 256;

    [ThreadStatic] private static ulong[]? t_pool;
    [ThreadStatic] private static int t_next;

    /// <summary>Returns the next id as two words (the upper 32 bits of <paramref name="low"/> are zero).</summary>
    public static void Next(out ulong high, out uint low)
    {
        var pool = t_pool;
        if (pool is null || t_next >= IdsPerRefill)
        {
            pool ??= t_pool = new ulong[IdsPerRefill * 2];
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pool.AsSpan()));
            t_next = 0;
        }

        var i = t_next++ * 2;
        high = pool[i];
        low = (uint)pool[i + 1];
    }

    /// <summary>Formats an id as 24 lowercase hex digits.</summary>
    public static string Format(ulong high, uint low) => string.Create(24, (high, low), static (span, id) =>
    {
        id.high.TryFormat(span, out _, "x16");
        id.low.TryFormat(span[16..], out _, "x8");
    });
}
