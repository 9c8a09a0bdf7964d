using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on SNS+SQS+S3 as moto_server emulates them.</summary>
public sealed class MotoSnsSqsMessengerTests : SnsSqsMessengerTests
{
    protected override Uri Endpoint => TestServices.MotoEndpoint;
}
