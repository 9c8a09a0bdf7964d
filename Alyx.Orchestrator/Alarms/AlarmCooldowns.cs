using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Alarms;

/// <summary>
/// Cooldowns of alarm actions in Redis (<c>{root}alarm-cooldown:{action}:{target}</c>), so a flapping alarm acts at
/// most once per cooldown, also across a leader change.
/// </summary>
public sealed class AlarmCooldowns(IConnectionMultiplexer redis, ClusterKeys keys)
{
    /// <summary>
    /// Starts a cooldown for the action on the target unless one is running; returns true when the caller may act.
    /// SET NX PX checks and starts it in one command, so two callers never both get true.
    /// </summary>
    /// <exception cref="CoordinationUnavailableException">Redis is unreachable.</exception>
    public async Task<bool> TryStartAsync(AlarmAction action, string target, TimeSpan cooldown)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (cooldown <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            return await redis.GetDatabase().StringSetAsync(
                keys.For("alarm-cooldown", action.ToString(), target), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cooldown, When.NotExists);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new CoordinationUnavailableException("Starting an alarm cooldown in Redis failed: " + exception.Message, exception);
        }
    }

    /// <summary>Ends a cooldown early, after the action it guarded failed; a failure to reach Redis is ignored, so the cooldown then runs out.</summary>
    public async Task TryClearAsync(AlarmAction action, string target)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(keys.For("alarm-cooldown", action.ToString(), target));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The cooldown expires by itself.
        }
    }
}
