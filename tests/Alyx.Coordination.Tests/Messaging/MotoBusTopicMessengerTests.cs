using Alyx.TestSupport;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on moto_server with routes on the cluster's bus topic, created as the orchestrator creates them.</summary>
public sealed class MotoBusTopicMessengerTests : SnsSqsMessengerTests
{
    protected override Uri Endpoint => TestServices.MotoEndpoint;

    protected override bool OnBusTopic => true;
}
