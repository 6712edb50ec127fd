namespace Roadrunner.Tests.TestSupport;

/// <summary>Waits for a condition that another thread makes true (a counter the server updates).</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(5);
        }

        return true;
    }
}
