using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Configuration;

namespace Alyx.Orchestrator.Tests.Launchers;

/// <summary>
/// Every <see cref="ShardHostSettings"/> property must reach a local host: the launchers pass the settings as
/// environment variables, and the host reads them back through <see cref="ShardEnvironment"/> into <see cref="ShardHostOptions"/>.
/// </summary>
public sealed class ShardHostSettingsRoundTripTests
{
    private static readonly ShardLaunchRequest Request = new("prod", 2, 1, 4, "prod-2-1-0");

    // Every value differs from both classes' defaults, so a property that does not arrive keeps a default and fails.
    private static ShardHostSettings Changed() => new()
    {
        Token = "token-round-trip",
        RestUrl = new Uri("http://127.0.0.1:5999/api/v10/"),
        Redis = "127.0.0.1:7001",
        Intents = 1,
        PluginsPath = "/plugins",
        LeaseTimeToLive = TimeSpan.FromMilliseconds(9001),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(2002),
        LeaseSafetyMargin = TimeSpan.FromMilliseconds(1003),
        IdentifyWindow = TimeSpan.FromMilliseconds(704),
        IdentifyMargin = TimeSpan.FromMilliseconds(55),
        SilentSessionTimeout = TimeSpan.FromMilliseconds(12006),
        StatusInterval = TimeSpan.FromMilliseconds(307),
        ActiveSetPollInterval = TimeSpan.FromMilliseconds(208),
        DrainTimeout = TimeSpan.FromMilliseconds(4009),
        ShutdownTimeout = TimeSpan.FromMilliseconds(8010),
        Metrics = true,
        Transport = "sns-sqs",
        BusTopicArn = "arn:aws:sns:us-east-1:123456789012:bus",
        QueuePrefix = "prod",
        PayloadBucket = "payloads",
    };

    public static TheoryData<string> Properties => [.. typeof(ShardHostSettings).GetProperties().Select(property => property.Name)];

    [Theory]
    [MemberData(nameof(Properties))]
    public void ToEnvironment_Property_ReachesShardHostOptions(string name)
    {
        var settings = Changed();
        var property = typeof(ShardHostSettings).GetProperty(name)!;
        var defaultValue = property.GetValue(new ShardHostSettings());
        var expected = property.GetValue(settings);

        var options = Bind(settings.ToEnvironment(Request));
        var defaultOptions = Bind(new ShardHostSettings().ToEnvironment(Request));

        var target = typeof(ShardHostOptions).GetProperty(name);
        Assert.True(target is not null, $"ShardHostOptions has no property {name}, so hosts cannot read it.");
        Assert.NotEqual(defaultValue, expected);
        Assert.Equal(expected, target.GetValue(options));

        // The defaults travel too: a host default that differs from the settings' (Metrics) must be overridden.
        Assert.Equal(defaultValue, target.GetValue(defaultOptions));
    }

    [Fact]
    public void BindShardHost_SnsSqsOrchestrator_PassesItsBusToHosts()
    {
        var settings = new OrchestratorSettings
        {
            Token = "token",
            Transport = "sns-sqs",
            BusTopicArn = "arn:aws:sns:us-east-1:123456789012:bus",
            QueuePrefix = "prod",
            PayloadBucket = "payloads",
        };

        var host = OrchestratorConfiguration.BindShardHost(new ConfigurationBuilder().Build(), settings);

        Assert.Equal("sns-sqs", host.Transport);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:bus", host.BusTopicArn);
        Assert.Equal("prod", host.QueuePrefix);
        Assert.Equal("payloads", host.PayloadBucket);
    }

    // Reads the variables the way the shard host's builder does.
    private static ShardHostOptions Bind(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ShardEnvironment.ToConfiguration(name => environment.GetValueOrDefault(name)))
            .Build();
        var options = new ShardHostOptions();
        configuration.GetSection(ShardHostOptions.Section).Bind(options);
        return options;
    }
}
