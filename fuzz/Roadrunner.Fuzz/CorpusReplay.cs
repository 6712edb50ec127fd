namespace Roadrunner.Fuzz;

/// <summary>Runs the files of a corpus folder through a target in-process: the CI replay and <c>--replay</c>.</summary>
public static class CorpusReplay
{
    /// <summary>
    /// Runs every file of <paramref name="directory"/> (in name order, dot files skipped) through
    /// <paramref name="target"/>. A missing folder holds no files.
    /// </summary>
    /// <returns>How many files ran.</returns>
    /// <exception cref="CorpusReplayException">A file made the target throw; the exception names the file.</exception>
    public static int Run(FuzzTarget target, string directory)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Directory.Exists(directory)) return 0;
        var files = Directory.GetFiles(directory);
        Array.Sort(files, StringComparer.Ordinal);
        int count = 0;
        foreach (string file in files)
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            byte[] data = File.ReadAllBytes(file);
            try
            {
                target(data);
            }
            catch (Exception e)
            {
                throw new CorpusReplayException(file, data, e);
            }
            count++;
        }
        return count;
    }
}
