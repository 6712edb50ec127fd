using Roadrunner.Http3;

namespace Roadrunner.Tests.Http3.Support;

/// <summary>An event copied out of the connection's memory, so a test can look at it after later input.</summary>
internal sealed record RecordedEvent(
    Http3EventKind Kind, long StreamId, bool EndStream, Http3ErrorCode Code, string? Reason, byte[] Data,
    (string Name, string Value)[] Fields, int Status, string Method, string Path, string Protocol, long Id)
{
    public static RecordedEvent From(in Http3Event e)
    {
        var fields = new List<(string, string)>();
        foreach (var field in e.Headers) fields.Add((Text(field.Name), Text(field.Value)));
        return new RecordedEvent(
            e.Kind, e.StreamId, e.EndStream, e.ErrorCode, e.Reason, e.Data.ToArray(), [.. fields], e.Headers.Status,
            Text(e.Headers.Method), Text(e.Headers.Path), Text(e.Headers.Protocol), e.Id);
    }

    public string Body => System.Text.Encoding.ASCII.GetString(Data);

    public string? Field(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value).FirstOrDefault();

    public override string ToString() => $"{Kind} stream {StreamId} {(EndStream ? "FIN " : "")}{Code} {Reason}";

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.Latin1.GetString(bytes.Span);
}

/// <summary>An output copied out of the connection's memory.</summary>
internal sealed record RecordedOutput(Http3OutputKind Kind, long StreamId, byte[] Data, bool Fin, Http3ErrorCode Code, string? Reason)
{
    public static RecordedOutput From(in Http3Output o) => new(o.Kind, o.StreamId, o.Data.ToArray(), o.Fin, o.ErrorCode, o.Reason);

    public override string ToString() => $"{Kind} stream {StreamId} {Data.Length} bytes {(Fin ? "FIN " : "")}{Code}";
}
