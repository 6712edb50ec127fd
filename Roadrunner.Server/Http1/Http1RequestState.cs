using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Parsing;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Http1;

/// <summary>
/// The objects an HTTP/1.1 connection needs only while it serves a request: the parser, the head, the body
/// decoder, the request and the response writer. An idle keep-alive connection gives them back to its
/// listener's pool and takes a set again when the next request begins, so ten thousand idle connections hold
/// ten thousand sockets and not ten thousand parsers.
/// </summary>
internal sealed class Http1RequestState
{
    public Http1RequestState(Http1Options options)
    {
        Parser = new Http1RequestParser(options);
        Head = new RequestHead(options.MaxHeaderCount);
        Decoder = new Http1BodyDecoder(options);
        Request = new Request();
        Out = new PooledBufferWriter(4096);
    }

    public Http1RequestParser Parser { get; }

    public RequestHead Head { get; }

    public Http1BodyDecoder Decoder { get; }

    public Request Request { get; }

    /// <summary>The response bytes; holds no buffer while the state is pooled.</summary>
    public PooledBufferWriter Out { get; }
}
