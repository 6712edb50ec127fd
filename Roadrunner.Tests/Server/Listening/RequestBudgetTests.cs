using System.Net;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Listening;

/// <summary>The request budget's rules on their own: which addresses share a key, the share bound, and the table's clean-up.</summary>
[TestClass]
public sealed class RequestBudgetTests
{
    [TestMethod]
    public void KeyOf_Ipv6_CountsByItsSlash64_Ipv4MappedAsIpv4()
    {
        RequestBudget.KeyOf(IPAddress.Parse("2001:db8:1:2::1")).ShouldBe(RequestBudget.KeyOf(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        RequestBudget.KeyOf(IPAddress.Parse("2001:db8:1:2::1")).ShouldNotBe(RequestBudget.KeyOf(IPAddress.Parse("2001:db8:1:3::1")));
        RequestBudget.KeyOf(IPAddress.Parse("::ffff:192.0.2.7")).ShouldBe(RequestBudget.KeyOf(IPAddress.Parse("192.0.2.7")));
        RequestBudget.KeyOf(IPAddress.Parse("192.0.2.7")).ShouldNotBe(RequestBudget.KeyOf(IPAddress.Parse("192.0.2.8")));
        RequestBudget.KeyOf(IPAddress.Parse("::")).ShouldNotBe(RequestBudget.KeyOf(IPAddress.Parse("0.0.0.0")));
        RequestBudget.KeyOf(null).ShouldNotBe(RequestBudget.KeyOf(IPAddress.Parse("0.0.0.0")));
    }

    [TestMethod]
    public void TryEnter_OneAddressStopsAtItsShare_OthersGoOnToTheListenerBound()
    {
        var budget = new RequestBudget(max: 4, peerShare: 0.5);
        var a = budget.Join(IPAddress.Parse("192.0.2.1"));
        var b = budget.Join(IPAddress.Parse("192.0.2.2"));
        var c = budget.Join(IPAddress.Parse("192.0.2.3"));

        budget.TryEnter(a).ShouldBe(RequestRefusal.None);
        budget.TryEnter(a).ShouldBe(RequestRefusal.None);
        budget.TryEnter(a).ShouldBe(RequestRefusal.Peer);
        budget.TryEnter(b).ShouldBe(RequestRefusal.None);
        budget.TryEnter(b).ShouldBe(RequestRefusal.None);
        budget.TryEnter(c).ShouldBe(RequestRefusal.Listener);
        budget.InFlight.ShouldBe(4);

        budget.Exit(a);
        budget.TryEnter(c).ShouldBe(RequestRefusal.None);
    }

    [TestMethod]
    public void Table_ForgetsAnAddress_OnceItsConnectionsLeftAndItsRequestsExited_InEitherOrder()
    {
        var budget = new RequestBudget(max: 10, peerShare: 0.5);
        var first = budget.Join(IPAddress.Parse("192.0.2.1"));
        budget.Join(IPAddress.Parse("192.0.2.1")).ShouldBeSameAs(first);
        budget.TryEnter(first).ShouldBe(RequestRefusal.None);
        budget.Leave(first);
        budget.Leave(first);
        budget.PeerCount.ShouldBe(1, "a request still runs");
        budget.Exit(first);
        budget.PeerCount.ShouldBe(0);

        var second = budget.Join(IPAddress.Parse("192.0.2.2"));
        budget.TryEnter(second).ShouldBe(RequestRefusal.None);
        budget.Exit(second);
        budget.PeerCount.ShouldBe(1, "its connection is still open");
        budget.Leave(second);
        budget.PeerCount.ShouldBe(0);
        budget.InFlight.ShouldBe(0);
    }

    [TestMethod]
    public async Task Options_OutOfRange_AreRefusedAtStart()
    {
        Route[] routes = [Route.Get("/", _ => Response.Text(200, "x"))];
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await TestServer.StartAsync(routes, o => o with { PeerRequestShare = 0 }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await TestServer.StartAsync(routes, o => o with { HighWaterMark = 1.5 }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await TestServer.StartAsync(routes, o => o with { PressureRequestTimeoutShare = 0 }));
    }
}
