using Roadrunner.Server.Routing;
using Roadrunner.Server.Files;

namespace Roadrunner.Demo;

/// <summary>The <c>/static/*</c> mount.</summary>
internal static class DemoStatic
{
    public static Route Route(string root) => Roadrunner.Server.Routing.Route.Map("/static/*path", StaticFiles.From(root));
}
