using System.Text;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>A whole HTTP/3 response as <see cref="OurH3Client"/> received it.</summary>
/// <param name="Status">The final status.</param>
/// <param name="Headers">The final header section, pseudo-fields excluded.</param>
/// <param name="Body">The content.</param>
/// <param name="Trailers">The trailer section, when one arrived.</param>
internal sealed record OurH3Response(int Status, List<(string Name, string Value)> Headers, byte[] Body, List<(string Name, string Value)>? Trailers)
{
    /// <summary>The content as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The value of the first field named <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name == name).Value;
}
