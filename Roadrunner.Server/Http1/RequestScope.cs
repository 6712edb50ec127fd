namespace Roadrunner.Server.Http1;

/// <summary>The logging scope of one request: its id, method and path.</summary>
internal sealed class RequestScope(string id, string method, string path) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", id),
        1 => new("Method", method),
        2 => new("Path", path),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{id}";
}
