using Roadrunner.Server.Deadlines;
using Roadrunner.Server.Listening;
using Shouldly;

namespace Roadrunner.Tests.Server.Deadlines;

/// <summary>
/// The stream deadline tracker HTTP/2 and HTTP/3 share, driven with timestamps as the ticks would: only time spent
/// waiting on the client counts, rates are judged over a second after the grace, and a wait without progress for a
/// second is a stall.
/// </summary>
[TestClass]
public sealed class StreamDeadlineTests
{
    private const long Second = 1000;

    private static readonly StreamDeadlineLimits Limits = new(new ListenerOptions
    {
        TimeProvider = new Clock(),
        RequestTimeout = TimeSpan.FromSeconds(3),
        MinBytesPerSecond = 100,
        MinBytesGracePeriod = TimeSpan.FromSeconds(1),
        MinResponseBytesPerSecond = 240,
        MinResponseGracePeriod = TimeSpan.FromSeconds(5),
    });

    [TestMethod]
    public void RequestContentThatNeverComes_TooSlowOnceGraceAndAWindowHavePassed()
    {
        var deadline = new StreamDeadline();
        deadline.Check(StreamWait.RequestBody, 0, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.RequestBody, 999, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.RequestBody, Second, Limits).ShouldBe(StreamVerdict.RequestTooSlow);
    }

    [TestMethod]
    public void SteadyContentAboveTheRate_NeverTooSlowNorStalled()
    {
        var deadline = new StreamDeadline();
        for (long now = 0; now <= 20 * Second; now += 250)
        {
            deadline.Progress(50);
            deadline.Check(StreamWait.RequestBody, now, Limits).ShouldBe(StreamVerdict.None);
            deadline.IsStalled.ShouldBeFalse();
        }
    }

    [TestMethod]
    public void ContentBelowTheRate_TooSlowAfterTheGrace()
    {
        var deadline = new StreamDeadline();
        deadline.Check(StreamWait.RequestBody, 0, Limits);
        deadline.Progress(50);
        deadline.Check(StreamWait.RequestBody, Second, Limits).ShouldBe(StreamVerdict.RequestTooSlow);
    }

    [TestMethod]
    public void TimeNotWaitingOnTheClient_DoesNotCount()
    {
        var deadline = new StreamDeadline();
        deadline.Check(StreamWait.RequestBody, 0, Limits);
        // The handler holds the content for an hour: the client is not to blame.
        deadline.Check(StreamWait.None, 500, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.None, 3600 * Second, Limits).ShouldBe(StreamVerdict.None);
        deadline.IsStalled.ShouldBeFalse();
        // Waiting again starts a new window; the grace, counted from the first wait, has passed.
        deadline.Check(StreamWait.RequestBody, 3600 * Second, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.RequestBody, (3600 * Second) + 999, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.RequestBody, 3601 * Second, Limits).ShouldBe(StreamVerdict.RequestTooSlow);
    }

    [TestMethod]
    public void ResponseWithoutCredit_TooSlowOnlyAfterItsOwnGrace()
    {
        var deadline = new StreamDeadline();
        for (long now = 0; now < 5 * Second; now += 250) deadline.Check(StreamWait.ResponseCredit, now, Limits).ShouldBe(StreamVerdict.None);
        deadline.Check(StreamWait.ResponseCredit, 5 * Second, Limits).ShouldBe(StreamVerdict.ResponseTooSlow);
    }

    [TestMethod]
    public void ResponseRateOff_NeverTooSlow()
    {
        var limits = new StreamDeadlineLimits(new ListenerOptions { TimeProvider = new Clock(), MinResponseBytesPerSecond = 0 });
        var deadline = new StreamDeadline();
        for (long now = 0; now < 60 * Second; now += 250) deadline.Check(StreamWait.ResponseCredit, now, limits).ShouldBe(StreamVerdict.None);
        deadline.IsStalled.ShouldBeTrue();
    }

    [TestMethod]
    public void WaitWithoutProgress_StalledAfterASecond_ProgressEndsTheStall()
    {
        var deadline = new StreamDeadline();
        deadline.Check(StreamWait.ResponseCredit, 0, Limits);
        deadline.IsStalled.ShouldBeFalse();
        deadline.Check(StreamWait.ResponseCredit, Second, Limits);
        deadline.IsStalled.ShouldBeTrue();

        deadline.Progress(1);

        deadline.IsStalled.ShouldBeFalse();
        deadline.Check(StreamWait.ResponseCredit, Second + 250, Limits);
        deadline.IsStalled.ShouldBeFalse();
    }

    [TestMethod]
    public void HeadExpired_AtTheRequestTimeout()
    {
        StreamDeadline.HeadExpired(10, 10 + (3 * Second) - 1, Limits).ShouldBeFalse();
        StreamDeadline.HeadExpired(10, 10 + (3 * Second), Limits).ShouldBeTrue();
    }

    [TestMethod]
    public void Reset_ForgetsThePreviousRequest()
    {
        var deadline = new StreamDeadline();
        deadline.Check(StreamWait.RequestBody, 0, Limits);
        deadline.Check(StreamWait.RequestBody, 2 * Second, Limits);

        deadline.Reset();

        deadline.IsStalled.ShouldBeFalse();
        deadline.Check(StreamWait.RequestBody, 10 * Second, Limits).ShouldBe(StreamVerdict.None);
    }

    /// <summary>A clock whose timestamps are milliseconds, so the figures above read as time.</summary>
    private sealed class Clock : TimeProvider
    {
        public override long TimestampFrequency => Second;
    }
}
