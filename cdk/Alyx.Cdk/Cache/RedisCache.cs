using Alyx.Cdk.Network;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace Alyx.Cdk.Cache;

/// <summary>
/// The cluster's Redis: an ElastiCache replication group in the isolated subnets, TLS required in transit, encrypted
/// at rest, with an AUTH token from Secrets Manager. Containers get the whole address, token included, as the secret
/// <see cref="UrlSecret"/> (<c>rediss://:TOKEN@HOST:PORT</c>), so the token never appears in a task definition.
/// </summary>
internal sealed class RedisCache : Construct
{
    public RedisCache(Construct scope, string id, AlyxStackProps props, AlyxNames names, AlyxNetwork network)
        : base(scope, id)
    {
        // ElastiCache AUTH tokens allow printable ASCII but not '/', '"' or '@'. Letters and digits only also keep
        // the token valid inside the URL without escaping.
        AuthTokenSecret = new Secret(this, "AuthToken", new SecretProps
        {
            SecretName = names.RedisAuthSecret,
            Description = $"AUTH token of the Alyx cluster {names.Cluster}'s Redis",
            GenerateSecretString = new SecretStringGenerator { ExcludePunctuation = true, IncludeSpace = false, PasswordLength = 64 },
        });

        var subnetGroup = new CfnSubnetGroup(this, "SubnetGroup", new CfnSubnetGroupProps
        {
            Description = $"Alyx cluster {names.Cluster} Redis subnets",
            SubnetIds = network.Vpc.SelectSubnets(new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED }).SubnetIds,
        });

        var nodes = 1 + props.RedisReplicas;
        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = $"Alyx cluster {names.Cluster} coordination state",
            Engine = "redis",
            EngineVersion = props.RedisEngineVersion,
            CacheNodeType = props.RedisNodeType,
            NumCacheClusters = nodes,
            AutomaticFailoverEnabled = nodes > 1,
            MultiAzEnabled = nodes > 1,
            Port = AlyxNetwork.RedisPort,
            CacheSubnetGroupName = subnetGroup.Ref,
            SecurityGroupIds = [network.RedisSecurityGroup.SecurityGroupId],
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            AuthToken = AuthTokenSecret.SecretValue.UnsafeUnwrap(),
            AutoMinorVersionUpgrade = true,
            SnapshotRetentionLimit = 1,
        });

        // The dynamic reference to the token resolves inside CloudFormation, so the synthesized template never
        // contains the token itself.
        var url = Fn.Join(string.Empty,
        [
            "rediss://:",
            AuthTokenSecret.SecretValue.UnsafeUnwrap(),
            "@",
            ReplicationGroup.AttrPrimaryEndPointAddress,
            ":",
            ReplicationGroup.AttrPrimaryEndPointPort,
        ]);
        UrlSecret = new Secret(this, "Url", new SecretProps
        {
            SecretName = names.RedisUrlSecret,
            Description = $"Address of the Alyx cluster {names.Cluster}'s Redis with its AUTH token, the value of ALYX_REDIS",
            SecretStringValue = SecretValue.UnsafePlainText(url),
        });
    }

    public Secret AuthTokenSecret { get; }

    public CfnReplicationGroup ReplicationGroup { get; }

    public Secret UrlSecret { get; }
}
