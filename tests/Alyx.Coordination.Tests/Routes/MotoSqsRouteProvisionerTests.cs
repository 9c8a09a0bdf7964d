using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Routes;

/// <summary>The SNS/SQS routes on moto_server.</summary>
public sealed class MotoSqsRouteProvisionerTests : SqsRouteProvisionerTests
{
    protected override Uri Endpoint => TestServices.MotoEndpoint;
}
