using System.Text;
using System.Text.Json;
using Alyx.Aws.Http;
using Alyx.TestSupport;

namespace Alyx.Aws.Tests.Ecs;

/// <summary>
/// Sets up ECS state in moto_server that the Alyx clients have no call for (clusters, task definitions), through the
/// same signed transport.
/// </summary>
internal static class MotoEcs
{
    private static readonly AwsServiceInfo Service = new("ECS", "ecs", "ecs");

    /// <summary>
    /// Keeps moto's tasks in their current state: by default every DescribeTasks advances a task one state, which
    /// would make task status depend on how often a test described it.
    /// </summary>
    public static async Task UseManualTaskTransitionsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var body = """{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(TestServices.MotoEndpoint, "/moto-api/state-manager/set-transition"), content);
        response.EnsureSuccessStatusCode();
    }

    public static async Task CreateClusterAsync(string name) =>
        await SendAsync("CreateCluster", new { clusterName = name });

    /// <summary>
    /// Registers a task definition that moto can run. moto 5.2.1 returns HTTP 500 for a container without memory and
    /// for awsvpc network mode (implied by FARGATE compatibility), so the definition uses bridge mode and 128 MiB.
    /// RunTask with launch type FARGATE and an awsvpc network configuration still works against it.
    /// </summary>
    public static async Task RegisterTaskDefinitionAsync(string family, string containerName) =>
        await SendAsync("RegisterTaskDefinition", new
        {
            family,
            networkMode = "bridge",
            containerDefinitions = new[] { new { name = containerName, image = "alyx/shard:test", memory = 128, essential = true } },
        });

    private static async Task SendAsync(string operation, object body)
    {
        using var transport = new AwsHttpTransport(Service, MotoAws.Options, null, null, null);
        var content = new AwsRequestContent(
            JsonSerializer.SerializeToUtf8Bytes(body), "application/x-amz-json-1.1", "AmazonEC2ContainerServiceV20141113." + operation);
        await transport.SendAsync(operation, content, CancellationToken.None);
    }
}
