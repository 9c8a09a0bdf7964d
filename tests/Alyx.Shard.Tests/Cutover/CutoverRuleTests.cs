using Alyx.Coordination.State;
using Alyx.Shard.Cutover;

namespace Alyx.Shard.Tests.Cutover;

public sealed class CutoverRuleTests
{
    private static readonly DateTimeOffset ReadAt = DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Notice = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset Cutover = ReadAt + TimeSpan.FromSeconds(2);

    // Set 2 replaced set 1 with a cutover 2 s after the read; set 3 would be a later standby.
    private static readonly ActiveShardSetReading Switched = new(new ActiveShardSet(2, 6, Cutover, 1, 4, Notice), ReadAt);

    private static readonly ActiveShardSetReading Steady = new(new ActiveShardSet(1, 4, DateTimeOffset.UnixEpoch, null, null, Notice), ReadAt);

    public static TheoryData<string, long, double, CutoverDecision> Cases => new()
    {
        { "old set before cutover", 1, 1_999, CutoverDecision.Handle },
        { "old set at cutover", 1, 2_000, CutoverDecision.Drop },
        { "new set before cutover", 2, 1_999, CutoverDecision.Drop },
        { "new set at cutover", 2, 2_000, CutoverDecision.Handle },
        { "new set past horizon", 2, 3_000, CutoverDecision.Hold },
        { "later standby inside notice", 3, 2_999, CutoverDecision.Drop },
        { "later standby past horizon", 3, 3_000, CutoverDecision.Hold },
        { "retired set", 0, 0, CutoverDecision.Drop },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_AfterSwitch_SplitsAtCutover(string scenario, long shardSet, double millisecondsAfterRead, CutoverDecision expected)
    {
        var position = ReadAt + TimeSpan.FromMilliseconds(millisecondsAfterRead);

        var decision = CutoverRule.Decide(Switched, shardSet, position);

        Assert.True(expected == decision, $"{scenario}: expected {expected}, got {decision}");
    }

    [Fact]
    public void Decide_ActiveSetInsideNotice_Handles()
    {
        var decision = CutoverRule.Decide(Steady, 1, ReadAt + Notice - TimeSpan.FromMilliseconds(1));

        Assert.Equal(CutoverDecision.Handle, decision);
    }

    [Fact]
    public void Decide_ActiveSetPastNotice_Holds()
    {
        var decision = CutoverRule.Decide(Steady, 1, ReadAt + Notice);

        Assert.Equal(CutoverDecision.Hold, decision);
    }

    [Fact]
    public void Decide_StandbyInsideNotice_Drops()
    {
        var decision = CutoverRule.Decide(Steady, 2, ReadAt);

        Assert.Equal(CutoverDecision.Drop, decision);
    }

    [Fact]
    public void Decide_NoRecord_Handles()
    {
        var decision = CutoverRule.Decide(new ActiveShardSetReading(null, ReadAt), 5, ReadAt + TimeSpan.FromDays(1));

        Assert.Equal(CutoverDecision.Handle, decision);
    }

    [Fact]
    public void Decide_BeforeFirstRead_Holds()
    {
        var decision = CutoverRule.Decide(null, 1, ReadAt);

        Assert.Equal(CutoverDecision.Hold, decision);
    }

    [Fact]
    public void Decide_EveryPosition_ExactlyOneSetHandles()
    {
        var handledTwice = new List<double>();
        var handledByNone = new List<double>();

        for (var ms = 0.0; ms < 2_990; ms += 0.5)
        {
            var position = ReadAt + TimeSpan.FromMilliseconds(ms);
            var oldHandles = CutoverRule.Decide(Switched, 1, position) == CutoverDecision.Handle;
            var newHandles = CutoverRule.Decide(Switched, 2, position) == CutoverDecision.Handle;
            if (oldHandles && newHandles)
            {
                handledTwice.Add(ms);
            }
            else if (!oldHandles && !newHandles)
            {
                handledByNone.Add(ms);
            }
        }

        Assert.Empty(handledTwice);
        Assert.Empty(handledByNone);
    }
}
