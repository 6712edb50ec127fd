namespace Roadrunner.Tests.TestSupport;

/// <summary>A temporary folder of files for static-file tests, deleted when disposed.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree(string prefix = "rr-files") => Root = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Root { get; }

    /// <summary>Writes <paramref name="content"/> at <paramref name="relative"/> (folders made as needed) and returns the full path.</summary>
    public string Write(string relative, string content) => Write(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string Write(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Folder(string relative) => Directory.CreateDirectory(Path.Combine(Root, relative)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
