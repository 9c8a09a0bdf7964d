using Alyx.Shard.Hosting;

namespace Alyx.Shard.Tests.Hosting;

public sealed class ShardHostOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReportMissingToken()
    {
        var result = new ShardHostOptionsValidator().Validate(null, new ShardHostOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains("ALYX_TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralInvalidSettings_NamesEach()
    {
        var options = new ShardHostOptions
        {
            Token = "t",
            LeaseSafetyMargin = TimeSpan.FromSeconds(20),
            DrainTimeout = TimeSpan.FromSeconds(30),
            StatusInterval = TimeSpan.Zero,
        };

        var failures = new ShardHostOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Shard:LeaseSafetyMargin", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Shard:DrainTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Shard:StatusInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HealthFileInMissingFolder_NamesIt()
    {
        var options = new ShardHostOptions { Token = "t", HealthFile = "/no-such-folder-for-alyx/health" };

        var failures = new ShardHostOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Shard:HealthFile '/no-such-folder-for-alyx/health'", StringComparison.Ordinal));
    }

    [Fact]
    public void ToConfiguration_HealthFileVariable_SetsHealthFile()
    {
        var variables = new Dictionary<string, string> { ["ALYX_HEALTH_FILE"] = "/tmp/alyx-health" };

        var configuration = ShardEnvironment.ToConfiguration(name => variables.GetValueOrDefault(name));

        Assert.Equal("/tmp/alyx-health", configuration["Shard:HealthFile"]);
    }

    [Fact]
    public void ToConfiguration_MillisecondVariables_BecomeTimeSpans()
    {
        var variables = new Dictionary<string, string> { ["ALYX_LEASE_TTL_MS"] = "2500", ["ALYX_TOKEN"] = " secret " };

        var configuration = ShardEnvironment.ToConfiguration(name => variables.GetValueOrDefault(name));

        Assert.Equal("00:00:02.5000000", configuration["Shard:LeaseTimeToLive"]);
        Assert.Equal("secret", configuration["Shard:Token"]);
    }

    [Fact]
    public void Create_MissingAssignment_NamesEachVariable()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ShardHostBuilder.Create([], _ => null));

        Assert.Contains("ALYX_CLUSTER", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_SHARD_ID", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ALYX_SHARD_COUNT", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Alyx.Discord.Gateway.GatewayFailureKind.AuthenticationFailed, ShardExitCode.AuthenticationFailed)]
    [InlineData(Alyx.Discord.Gateway.GatewayFailureKind.ShardingRequired, ShardExitCode.ShardingRequired)]
    [InlineData(Alyx.Discord.Gateway.GatewayFailureKind.DisallowedIntents, ShardExitCode.DisallowedIntents)]
    [InlineData(Alyx.Discord.Gateway.GatewayFailureKind.SessionStartBudgetExhausted, ShardExitCode.SessionStartBudgetExhausted)]
    public void ExitCodeFor_FatalFailure_MapsToItsCode(Alyx.Discord.Gateway.GatewayFailureKind kind, ShardExitCode expected)
    {
        Assert.Equal(expected, ShardHostService.ExitCodeFor(kind));
    }
}
