using System.Net;

namespace Alyx.Aws.Benchmarks;

/// <summary>Returns one fixed body for every request without touching a network, so a benchmark measures the client.</summary>
internal sealed class LocalResponder(string body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
}
