using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on fauxqs with routes on the cluster's bus topic, to catch emulator-specific filter behaviour.</summary>
public sealed class FauxqsBusTopicMessengerTests : SnsSqsMessengerTests
{
    protected override Uri Endpoint => TestServices.FauxqsEndpoint;

    protected override bool OnBusTopic => true;
}
