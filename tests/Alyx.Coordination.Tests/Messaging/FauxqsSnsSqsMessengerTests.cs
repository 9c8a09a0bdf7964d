using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on SNS+SQS+S3 as fauxqs emulates them, to catch emulator-specific behaviour.</summary>
public sealed class FauxqsSnsSqsMessengerTests : SnsSqsMessengerTests
{
    protected override Uri Endpoint => TestServices.FauxqsEndpoint;
}
