using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class NetworkTests(SynthesizedStacks stacks)
{
    [Fact]
    public void OrchestratorService_Network_HasNoPublicIp()
    {
        var service = stacks.DefaultJson.One("AWS::ECS::Service", "Orchestrator").Properties;

        var network = service["NetworkConfiguration"]!["AwsvpcConfiguration"]!;

        Assert.Equal("DISABLED", (string?)network["AssignPublicIp"]);
    }

    [Fact]
    public void OrchestratorService_Subnets_ArePrivate()
    {
        var subnetIds = ServiceSubnetIds();

        Assert.Equal(2, subnetIds.Count);
        Assert.All(subnetIds, id => Assert.False(IsPublic(id), $"{id} is a public subnet"));
    }

    [Fact]
    public void ShardLaunchSettings_Subnets_MatchTheServiceSubnets()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        var joined = TemplateJson.Variable(container, "ALYX_SUBNETS")!["Fn::Join"]!.AsArray();

        Assert.Equal(",", (string?)joined[0]);
        Assert.Equal(ServiceSubnetIds().Order(), joined[1]!.AsArray().Select(reference => (string)reference!["Ref"]!).Order());
    }

    [Fact]
    public void ShardLaunchSettings_PublicIp_IsOff()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        var assign = (string?)TemplateJson.Variable(container, "ALYX_ASSIGN_PUBLIC_IP");

        Assert.Equal("false", assign);
    }

    [Fact]
    public void ShardLaunchSettings_SecurityGroup_IsShardGroup()
    {
        var container = stacks.DefaultJson.Container("OrchestratorTaskDefinition");

        var group = TemplateJson.Variable(container, "ALYX_SECURITY_GROUPS")!["Fn::GetAtt"]![0]!;

        Assert.StartsWith("NetworkShardSecurityGroup", (string?)group, StringComparison.Ordinal);
    }

    [Fact]
    public void RedisSecurityGroup_Ingress_OnlyFromTasks()
    {
        var rules = stacks.DefaultJson.Resources("AWS::EC2::SecurityGroupIngress");

        Assert.Equal(2, rules.Count);
        Assert.All(rules, rule => Assert.Equal(6379, (int)rule.Properties["FromPort"]!));
        Assert.All(rules, rule => Assert.Equal(6379, (int)rule.Properties["ToPort"]!));
        Assert.All(rules, rule => Assert.Null(rule.Properties["CidrIp"]));
        Assert.Equal(
            ["NetworkOrchestratorSecurityGroup", "NetworkShardSecurityGroup"],
            rules.Select(rule => ((string)rule.Properties["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!)[..^8]).Order());
    }

    [Fact]
    public void Vpc_Synthesis_NeedsNoAccountLookup()
    {
        var template = stacks.Default;

        // Zones come from Fn::GetAZs at deploy time; a looked-up zone would be a literal such as us-east-1a.
        template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object>
        {
            ["AvailabilityZone"] = new Dictionary<string, object> { ["Fn::Select"] = Match.AnyValue() },
        });
    }

    private List<string> ServiceSubnetIds()
    {
        var service = stacks.DefaultJson.One("AWS::ECS::Service", "Orchestrator").Properties;
        return [.. service["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]!.AsArray().Select(reference => (string)reference!["Ref"]!)];
    }

    // A subnet is public when it maps public IPs or its route table sends traffic straight to an internet gateway.
    private bool IsPublic(string subnetId)
    {
        var json = stacks.DefaultJson;
        var subnet = json.Root["Resources"]![subnetId]!["Properties"]!;
        if ((bool?)subnet["MapPublicIpOnLaunch"] == true)
        {
            return true;
        }

        var routeTable = json.Resources("AWS::EC2::SubnetRouteTableAssociation")
            .Single(association => (string?)association.Properties["SubnetId"]!["Ref"] == subnetId)
            .Properties["RouteTableId"]!["Ref"]!.GetValue<string>();
        return json.Resources("AWS::EC2::Route").Any(route =>
            (string?)route.Properties["RouteTableId"]!["Ref"] == routeTable && route.Properties["GatewayId"] is JsonNode);
    }
}
