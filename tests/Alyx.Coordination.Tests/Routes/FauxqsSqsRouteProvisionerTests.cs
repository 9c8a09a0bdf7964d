using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Routes;

/// <summary>The SNS/SQS routes on fauxqs, a second emulator.</summary>
public sealed class FauxqsSqsRouteProvisionerTests : SqsRouteProvisionerTests
{
    protected override Uri Endpoint => TestServices.FauxqsEndpoint;
}
