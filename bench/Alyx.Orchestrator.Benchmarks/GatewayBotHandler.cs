using System.Net;
using System.Text;

namespace Alyx.Orchestrator.Benchmarks;

/// <summary>Returns a fixed <c>GET /gateway/bot</c> response without a network.</summary>
internal sealed class GatewayBotHandler(int shards) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var json = "{\"url\":\"ws://127.0.0.1:1/gateway\",\"shards\":" + shards
            + ",\"session_start_limit\":{\"total\":100000,\"remaining\":100000,\"reset_after\":1000,\"max_concurrency\":16}}";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
