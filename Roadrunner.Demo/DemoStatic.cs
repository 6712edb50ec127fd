using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;

namespace Roadrunner.Demo;

/// <summary>
/// The <c>/static/*</c> mount: validators, conditional requests, ranges, <c>index.html</c> for folders and
/// pre-compressed siblings; <c>no-cache</c> so a browser revalidates (and shows the 304s) on every load.
/// </summary>
internal static class DemoStatic
{
    public static Route Route(string root) =>
        Roadrunner.Server.Routing.Route.Map("/static/*path", StaticFiles.From(root, new StaticFileOptions { CacheControl = "no-cache" }));
}
