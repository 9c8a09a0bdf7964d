using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Alyx.Aws.Configuration;
using Alyx.Aws.Ecs;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Ecs;

/// <summary>
/// One ECS cluster and shard task definition in the moto_server of scripts/test. moto keeps its state between tests
/// and other test classes share the server, so each instance uses its own cluster name instead of resetting moto.
/// </summary>
internal sealed class MotoEcsCluster : IDisposable
{
    public const string Container = "shard";

    // By default every DescribeTasks moves a moto task one state on; manual transitions keep RUNNING tasks running.
    // The setting applies to the whole server, so one call per test run is enough.
    private static readonly Lazy<Task> ManualTransitions = new(() =>
        PostAsync("/moto-api/state-manager/set-transition", """{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}""", null));

    private MotoEcsCluster(string name, string family)
    {
        Name = name;
        Family = family;
        Client = new EcsClient(Options);
    }

    public static AwsClientOptions Options => AwsClientOptions.ForEndpoint(TestServices.MotoEndpoint, "us-east-1", "test", "test") with
    {
        RequestTimeout = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
    };

    // Bridge-mode tasks accept any subnet id; an awsvpc definition needs one that moto's EC2 emulation created.
    private string[] _subnets = ["subnet-0a", "subnet-0b"];

    /// <summary>The ECS cluster name.</summary>
    public string Name { get; }

    /// <summary>The task definition family.</summary>
    public string Family { get; }

    /// <summary>A client for the test's own calls, such as a StopTask behind the orchestrator's back.</summary>
    public EcsClient Client { get; }

    /// <summary>
    /// Creates the cluster and a task definition moto can run. moto 5.2.1 returns HTTP 500 from RunTask for awsvpc
    /// network mode (which FARGATE compatibility implies), and it rejects a container without memory at registration.
    /// So the definition uses bridge mode and 128 MiB. RunTask with launch type FARGATE and an awsvpc network
    /// configuration still works against it.
    /// </summary>
    /// <param name="runnable">False registers the definition in awsvpc mode, so every RunTask returns moto's HTML page for HTTP 500.</param>
    public static async Task<MotoEcsCluster> CreateAsync(bool runnable = true)
    {
        var cluster = new MotoEcsCluster($"alyx-{Guid.NewGuid():N}", $"shard-{Guid.NewGuid():N}");

        await ManualTransitions.Value;
        await EcsCallAsync("CreateCluster", new { clusterName = cluster.Name });
        await EcsCallAsync("RegisterTaskDefinition", new
        {
            family = cluster.Family,
            networkMode = runnable ? "bridge" : "awsvpc",
            containerDefinitions = new[] { new { name = Container, image = "alyx/shard:test", memory = 128, essential = true } },
        });
        if (!runnable)
        {
            // moto checks the subnet first: one that its EC2 emulation has not created gets HTTP 400 instead of the 500.
            var vpc = await Ec2CallAsync("Action=CreateVpc&CidrBlock=10.0.0.0%2F16", "vpcId");
            cluster._subnets = [await Ec2CallAsync($"Action=CreateSubnet&VpcId={vpc}&CidrBlock=10.0.1.0%2F24", "subnetId")];
        }

        return cluster;
    }

    /// <summary>Launcher options for this cluster, with short retry delays and polls.</summary>
    public EcsLauncherOptions LauncherOptions()
    {
        var options = new EcsLauncherOptions
        {
            Cluster = Name,
            TaskDefinition = Family,
            ContainerName = Container,
            LaunchRetryBase = TimeSpan.FromMilliseconds(20),
            LaunchRetryMax = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromMilliseconds(500),
        };
        foreach (var subnet in _subnets)
        {
            options.Subnets.Add(subnet);
        }

        options.SecurityGroups.Add("sg-0shard");
        return options;
    }

    /// <summary>Returns every task of the cluster that moto holds, stopped ones included, with tags.</summary>
    public async Task<IReadOnlyList<EcsTask>> AllTasksAsync()
    {
        // moto lists tasks of every desired status when no filter is set; real ECS would list RUNNING ones only.
        var arns = new List<string>();
        await foreach (var arn in Client.ListAllTaskArnsAsync(new EcsListTasksRequest(Name)))
        {
            arns.Add(arn);
        }

        return arns.Count == 0 ? [] : (await Client.DescribeTasksAsync(Name, arns)).Tasks;
    }

    /// <summary>Returns the tasks that are not STOPPED.</summary>
    public async Task<IReadOnlyList<EcsTask>> LiveTasksAsync() =>
        [.. (await AllTasksAsync()).Where(task => task.LastStatus != "STOPPED")];

    public void Dispose() => Client.Dispose();

    private static Task EcsCallAsync(string operation, object body) =>
        PostAsync("/", JsonSerializer.Serialize(body), "AmazonEC2ContainerServiceV20141113." + operation);

    // Calls moto's EC2 Query API and returns the text of the first element named elementName in the response.
    private static async Task<string> Ec2CallAsync(string query, string elementName)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        using var request = new HttpRequestMessage(HttpMethod.Post, TestServices.MotoEndpoint)
        {
            Content = new StringContent(query + "&Version=2016-11-15", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.Descendants().First(element => element.Name.LocalName == elementName).Value;
    }

    // moto does not check signatures; the Authorization header only names the region and the service.
    private static async Task PostAsync(string path, string body, string? target)
    {
        // moto serves every test class of the run, so a call may wait behind many others on a loaded machine.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(TestServices.MotoEndpoint, path))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        if (target is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0");
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
