namespace Roadrunner.Fuzz;

/// <summary>A corpus file made a target throw.</summary>
public sealed class CorpusReplayException : Exception
{
    /// <summary>Creates the exception for <paramref name="file"/>.</summary>
    public CorpusReplayException(string file, byte[] data, Exception inner)
        : base($"{file} ({data.Length} octets: {Convert.ToHexString(data, 0, Math.Min(data.Length, 256))}) threw {inner.GetType().Name}: {inner.Message}", inner)
    {
        File = file;
    }

    /// <summary>The file that threw.</summary>
    public string File { get; }
}
