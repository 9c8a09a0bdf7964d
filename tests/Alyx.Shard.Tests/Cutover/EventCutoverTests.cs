using System.Globalization;
using System.Text;
using Alyx.Coordination.State;
using Alyx.Discord.Events;
using Alyx.Discord.Gateway;
using Alyx.Shard.Cutover;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Shard.Tests.Cutover;

public sealed class EventCutoverTests
{
    private static readonly TimeSpan Notice = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", CultureInfo.InvariantCulture));
    private readonly List<string> _handled = [];
    private int _dropped;

    [Fact]
    public void Offer_BeforeFirstRead_HoldsUntilRead()
    {
        var cutover = Create(1);

        cutover.Offer(Message(_time.GetUtcNow()));
        var heldBefore = cutover.HeldCount;
        cutover.Update(new ActiveShardSetReading(Active(1), _time.GetUtcNow()), _time.GetTimestamp());

        Assert.Equal(1, heldBefore);
        Assert.Single(_handled);
        Assert.Equal(0, cutover.HeldCount);
    }

    [Fact]
    public void Offer_StandbyBuffersThenHandlesAfterSwitch()
    {
        var cutover = Create(2);
        var readAt = _time.GetUtcNow();
        cutover.Update(new ActiveShardSetReading(Active(1), readAt), _time.GetTimestamp());
        var early = Message(readAt + TimeSpan.FromSeconds(1));
        var late = Message(readAt + TimeSpan.FromSeconds(4));

        cutover.Offer(early);
        cutover.Offer(late);
        var heldInStandby = cutover.HeldCount;
        var switched = new ActiveShardSet(2, 6, readAt + TimeSpan.FromSeconds(3.5), 1, 4, Notice);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        cutover.Update(new ActiveShardSetReading(switched, _time.GetUtcNow()), _time.GetTimestamp());

        Assert.Equal(1, heldInStandby);
        Assert.Equal([Id(late)], _handled);
        Assert.Equal(1, _dropped);
    }

    [Fact]
    public void Offer_OldSetAfterSwitch_HandlesOnlyBeforeCutover()
    {
        var cutover = Create(1);
        var readAt = _time.GetUtcNow();
        var switched = new ActiveShardSet(2, 6, readAt + TimeSpan.FromSeconds(2), 1, 4, Notice);
        cutover.Update(new ActiveShardSetReading(switched, readAt), _time.GetTimestamp());
        var before = Message(readAt + TimeSpan.FromSeconds(1.9));
        var after = Message(readAt + TimeSpan.FromSeconds(2));

        cutover.Offer(before);
        cutover.Offer(after);

        Assert.Equal([Id(before)], _handled);
        Assert.Equal(1, _dropped);
    }

    [Fact]
    public void Offer_EventWithoutSnowflake_UsesArrivalOnStoreClock()
    {
        var cutover = Create(1);
        var readAt = _time.GetUtcNow();
        var switched = new ActiveShardSet(2, 6, readAt + TimeSpan.FromSeconds(2), 1, 4, Notice);
        cutover.Update(new ActiveShardSetReading(switched, readAt), _time.GetTimestamp());

        _time.Advance(TimeSpan.FromSeconds(1));
        cutover.Offer(Typing("before"));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        cutover.Offer(Typing("after"));

        Assert.Equal(["before"], _handled);
    }

    [Fact]
    public void Offer_ReadyInStandby_HandedOnAtOnce()
    {
        var cutover = Create(2);
        cutover.Update(new ActiveShardSetReading(Active(1), _time.GetUtcNow()), _time.GetTimestamp());

        cutover.Offer(new GatewayDispatch(0, DispatchEventNames.Ready, 1, Encoding.UTF8.GetBytes("""{"v":10}""")));

        Assert.Equal(["READY"], _handled);
    }

    [Fact]
    public void Offer_HeldEvent_KeepsArrivalOrder()
    {
        var cutover = Create(1);
        var readAt = _time.GetUtcNow();
        cutover.Update(new ActiveShardSetReading(Active(1), readAt), _time.GetTimestamp());
        var future = Message(readAt + TimeSpan.FromSeconds(10));
        var now = Message(readAt);

        cutover.Offer(future);
        cutover.Offer(now);
        var handledWhileHeld = _handled.Count;
        _time.Advance(TimeSpan.FromSeconds(8));
        cutover.Update(new ActiveShardSetReading(Active(1), _time.GetUtcNow()), _time.GetTimestamp());

        Assert.Equal(0, handledWhileHeld);
        Assert.Equal([Id(future), Id(now)], _handled);
    }

    private static ActiveShardSet Active(long epoch) => new(epoch, 4, DateTimeOffset.UnixEpoch, null, null, Notice);

    private static ulong _increment;

    private static GatewayDispatch Message(DateTimeOffset createdAt)
    {
        var id = ((ulong)(createdAt.ToUnixTimeMilliseconds() - Snowflake.DiscordEpochMilliseconds) << 22) | (Interlocked.Increment(ref _increment) & 0xFFF);
        var json = $$$"""{"id":"{{{id}}}","channel_id":"1","content":"x","author":{"id":"2","username":"u"}}""";
        return new GatewayDispatch(0, DispatchEventNames.MessageCreate, 1, Encoding.UTF8.GetBytes(json));
    }

    private static GatewayDispatch Typing(string tag) =>
        new(0, "TYPING_START", 1, Encoding.UTF8.GetBytes($$"""{"channel_id":"1","tag":"{{tag}}"}"""));

    private static string Id(GatewayDispatch dispatch) => EventPosition.FromSnowflake(dispatch)!.Value.ToString("O") + Encoding.UTF8.GetString(dispatch.Data.Span);

    private EventCutover Create(long shardSet) => new(
        shardSet,
        dispatch => _handled.Add(dispatch.Name switch
        {
            DispatchEventNames.MessageCreate => Id(dispatch),
            "TYPING_START" => System.Text.Json.JsonDocument.Parse(dispatch.Data).RootElement.GetProperty("tag").GetString()!,
            _ => dispatch.Name,
        }),
        () => _dropped++,
        _time,
        NullLogger.Instance);
}
