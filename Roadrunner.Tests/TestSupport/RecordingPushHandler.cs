using System.Text;
using Roadrunner.Server.Responses;

namespace Roadrunner.Tests.TestSupport;

/// <summary>A push handler for tests: reports when it opens and why it closes, and writes each message as a line.</summary>
internal sealed class RecordingPushHandler : IPushHandler
{
    public TaskCompletionSource<PushContext> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<PushCloseReason> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask OnOpenAsync(PushContext context)
    {
        Opened.TrySetResult(context);
        return default;
    }

    public ValueTask OnMessageAsync(PushContext context, object message) => context.WriteAsync(Encoding.ASCII.GetBytes($"{message}\n"));

    public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
    {
        Closed.TrySetResult(reason);
        return default;
    }
}
