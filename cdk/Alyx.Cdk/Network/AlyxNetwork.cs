using Amazon.CDK.AWS.EC2;
using Constructs;

namespace Alyx.Cdk.Network;

/// <summary>
/// The VPC: public subnets hold only the NAT gateways, and every task and the Redis nodes sit in private subnets.
/// Tasks reach Discord and the AWS APIs through NAT, and S3 through a gateway endpoint.
/// </summary>
internal sealed class AlyxNetwork : Construct
{
    public AlyxNetwork(Construct scope, string id, AlyxStackProps props)
        : base(scope, id)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            // Without an account and region in the stack, the zones come from Fn::GetAZs at deploy time, so
            // synthesis never calls AWS for them.
            MaxAzs = props.MaxAzs,
            NatGateways = props.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "tasks", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 20 },
                new SubnetConfiguration { Name = "redis", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            ],
            GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
            {
                ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
            },
        });

        OrchestratorSecurityGroup = new SecurityGroup(this, "OrchestratorSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Alyx orchestrator tasks: no inbound traffic, outbound to Discord, AWS APIs and Redis",
            AllowAllOutbound = true,
        });
        ShardSecurityGroup = new SecurityGroup(this, "ShardSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Alyx shard tasks: no inbound traffic, outbound to Discord, AWS APIs and Redis",
            AllowAllOutbound = true,
        });
        RedisSecurityGroup = new SecurityGroup(this, "RedisSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "Alyx Redis: TLS port from the orchestrator and shard tasks only",
            AllowAllOutbound = false,
        });
        RedisSecurityGroup.AddIngressRule(OrchestratorSecurityGroup, Port.Tcp(RedisPort), "Redis from the orchestrator");
        RedisSecurityGroup.AddIngressRule(ShardSecurityGroup, Port.Tcp(RedisPort), "Redis from the shards");
    }

    public const int RedisPort = 6379;

    public Vpc Vpc { get; }

    public SecurityGroup OrchestratorSecurityGroup { get; }

    public SecurityGroup ShardSecurityGroup { get; }

    public SecurityGroup RedisSecurityGroup { get; }

    /// <summary>The private subnets with outbound access, the only ones tasks run in.</summary>
    public SubnetSelection TaskSubnets { get; } = new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
}
