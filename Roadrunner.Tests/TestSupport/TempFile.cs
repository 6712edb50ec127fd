namespace Roadrunner.Tests.TestSupport;

/// <summary>A file with known bytes in the temp folder, deleted when disposed.</summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string path, byte[] content)
    {
        Path = path;
        Content = content;
    }

    public string Path { get; }

    public byte[] Content { get; }

    /// <summary>A file of <paramref name="length"/> bytes in a pattern where every offset is recognisable.</summary>
    public static TempFile Create(int length, string extension = ".bin")
    {
        var content = new byte[length];
        for (var i = 0; i < length; i++) content[i] = (byte)((i * 7 + (i >> 8)) & 0xFF);
        return Create(content, extension);
    }

    public static TempFile Create(byte[] content, string extension = ".bin")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"roadrunner-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, content);
        return new TempFile(path, content);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
