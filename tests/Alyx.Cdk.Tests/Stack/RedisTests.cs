using Amazon.CDK.Assertions;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class RedisTests(SynthesizedStacks stacks)
{
    [Fact]
    public void ReplicationGroup_Encryption_InTransitAndAtRest()
    {
        stacks.Default.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["TransitEncryptionEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true,
            ["Engine"] = "redis",
        });
    }

    [Fact]
    public void ReplicationGroup_DefaultReplica_FailsOverAcrossZones()
    {
        stacks.Default.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["NumCacheClusters"] = 2,
            ["AutomaticFailoverEnabled"] = true,
            ["MultiAZEnabled"] = true,
        });
    }

    [Fact]
    public void ReplicationGroup_NoReplica_HasNoFailover()
    {
        stacks.Variant.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["NumCacheClusters"] = 1,
            ["AutomaticFailoverEnabled"] = false,
        });
    }

    [Fact]
    public void ReplicationGroup_AuthToken_ResolvesFromSecretsManager()
    {
        var group = stacks.DefaultJson.One("AWS::ElastiCache::ReplicationGroup", "Redis").Properties;

        var token = group["AuthToken"]!.ToJsonString();

        Assert.Contains("{{resolve:secretsmanager:", token, StringComparison.Ordinal);
        Assert.Contains("RedisAuthToken", token, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthTokenSecret_Generated_IsLettersAndDigits()
    {
        stacks.Default.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Name"] = "alyx/default/redis-auth-token",
            ["GenerateSecretString"] = new Dictionary<string, object> { ["ExcludePunctuation"] = true, ["PasswordLength"] = 64 },
        });
    }

    [Fact]
    public void UrlSecret_Value_IsTlsUrlWithToken()
    {
        var secret = stacks.DefaultJson.One("AWS::SecretsManager::Secret", "RedisUrl").Properties;

        var url = TemplateJson.Render(secret["SecretString"]);

        Assert.Matches(
            @"^rediss://:\{\{resolve:secretsmanager:\$\{RedisAuthToken\w+\}:SecretString:::\}\}@\$\{RedisReplicationGroup\w+\.PrimaryEndPoint\.Address\}:\$\{RedisReplicationGroup\w+\.PrimaryEndPoint\.Port\}$",
            url);
    }

    [Fact]
    public void ReplicationGroup_Subnets_AreIsolated()
    {
        var json = stacks.DefaultJson;
        var subnetGroup = json.One("AWS::ElastiCache::SubnetGroup", "Redis").Properties;

        var subnetIds = subnetGroup["SubnetIds"]!.AsArray().Select(reference => (string)reference!["Ref"]!).ToList();

        Assert.Equal(2, subnetIds.Count);
        Assert.All(subnetIds, id => Assert.Contains("redis", id, StringComparison.Ordinal));
        Assert.All(subnetIds, id => Assert.NotEqual(true, (bool?)json.Root["Resources"]![id]!["Properties"]!["MapPublicIpOnLaunch"]));
    }
}
