using System.Globalization;
using Alyx.Coordination.Identify;

namespace Alyx.Coordination.Tests.Identify;

public sealed class SessionStartBudgetTests
{
    private static readonly DateTimeOffset ResetsAt = DateTimeOffset.Parse("2026-03-01T04:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public void At_BeforeReset_Unchanged()
    {
        var budget = new SessionStartBudget(1000, 12, ResetsAt, 16);

        var now = budget.At(ResetsAt.AddTicks(-1));

        Assert.Same(budget, now);
    }

    [Fact]
    public void At_ExactlyAtReset_RefillsAndMovesOnePeriod()
    {
        var budget = new SessionStartBudget(1000, 12, ResetsAt, 16);

        var now = budget.At(ResetsAt);

        Assert.Equal(1000, now.Remaining);
        Assert.Equal(ResetsAt + SessionStartBudget.Period, now.ResetsAt);
    }

    [Fact]
    public void At_SeveralPeriodsLater_NextResetIsInTheFuture()
    {
        var budget = new SessionStartBudget(1000, 0, ResetsAt, 1);
        var later = ResetsAt + (SessionStartBudget.Period * 2.5);

        var now = budget.At(later);

        Assert.Equal(ResetsAt + (SessionStartBudget.Period * 3), now.ResetsAt);
        Assert.Equal(1000, now.Remaining);
    }

    [Theory]
    [InlineData(10, 11, 1)]
    [InlineData(10, -1, 1)]
    [InlineData(10, 5, 0)]
    public void ThrowIfInvalid_OutOfRange_Throws(int total, int remaining, int maxConcurrency)
    {
        var budget = new SessionStartBudget(total, remaining, ResetsAt, maxConcurrency);

        Assert.Throws<ArgumentException>(budget.ThrowIfInvalid);
    }
}
