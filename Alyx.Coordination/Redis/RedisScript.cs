using StackExchange.Redis;

namespace Alyx.Coordination.Redis;

/// <summary>
/// A Lua script held once per process. The client sends EVALSHA with the script's SHA-1 and falls back to EVAL when
/// the server has not seen it yet (after a restart, for example). Client errors become
/// <see cref="CoordinationUnavailableException"/>.
/// </summary>
/// <param name="Operation">What the script does, used in error messages, such as <c>lease acquire</c>.</param>
/// <param name="Text">The Lua source.</param>
internal sealed record RedisScript(string Operation, string Text)
{
    /// <summary>Runs a script that returns an array (a Lua table).</summary>
    public async Task<RedisResult[]> EvaluateArrayAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] arguments)
    {
        var result = await EvaluateAsync(database, keys, arguments);
        return (RedisResult[]?)result
            ?? throw new InvalidOperationException($"The {Operation} script returned nil where an array was expected.");
    }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] arguments)
    {
        try
        {
            return await database.ScriptEvaluateAsync(Text, keys, arguments);
        }
        catch (Exception exception) when (RedisErrors.IsOutage(exception))
        {
            throw new CoordinationUnavailableException(Operation, exception);
        }
    }
}
