using System.Text;
using Roadrunner.Http2;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>A copy of an <see cref="Http2Event"/> that outlives the connection's memory, for assertions.</summary>
internal sealed record EventRecord(
    Http2EventKind Kind, int StreamId, bool EndStream, Http2ErrorCode ErrorCode, byte[] Data, string? Reason, int LastStreamId, RecordedHeaders? Headers)
{
    public static EventRecord From(in Http2Event e) => new(
        e.Kind, e.StreamId, e.EndStream, e.ErrorCode, e.Data.ToArray(), e.Reason, e.LastStreamId,
        e.Headers.IsEmpty ? null : RecordedHeaders.From(e.Headers));

    public string Text => Encoding.UTF8.GetString(Data);

    public override string ToString() => $"{Kind} stream {StreamId}{(EndStream ? " END_STREAM" : "")} {ErrorCode} {Reason} [{Data.Length} bytes]";
}

/// <summary>A copy of a header list.</summary>
internal sealed record RecordedHeaders(string Method, string Scheme, string Authority, string Path, string Protocol, int Status, long ContentLength, List<(string Name, string Value)> Fields)
{
    public static RecordedHeaders From(Http2HeaderList list)
    {
        var fields = new List<(string, string)>();
        foreach (var field in list) fields.Add((Encoding.Latin1.GetString(field.Name.Span), Encoding.Latin1.GetString(field.Value.Span)));
        return new RecordedHeaders(S(list.Method), S(list.Scheme), S(list.Authority), S(list.Path), S(list.Protocol), list.Status, list.ContentLength, fields);
    }

    public string? this[string name] => Fields.Where(f => f.Name == name).Select(f => f.Value).FirstOrDefault();

    private static string S(ReadOnlyMemory<byte> m) => Encoding.Latin1.GetString(m.Span);
}
