using System.Net;
using System.Text;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>
/// Records the first request an Alyx.Aws client sends and returns a canned body locally, so nothing reaches a
/// network.
/// </summary>
internal sealed class CapturingHandler(Func<HttpRequestMessage, string> respond) : HttpMessageHandler
{
    public CapturedRequest? Captured { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Captured ??= await CapturedRequest.FromAsync(request);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(respond(request), Encoding.UTF8) };
    }
}
