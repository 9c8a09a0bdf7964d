using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>The messenger contract on the in-memory transport, shared by every messenger of the test.</summary>
public sealed class InMemoryMessengerTests : MessengerContractTests
{
    private readonly InMemoryMessageTransport _transport = new();

    protected override IMessageTransport NewTransport() => _transport;

    protected override IPayloadStore NewPayloadStore() => new InMemoryPayloadStore();

    protected override Task<bool> InboxExistsAsync(string inbox) => Task.FromResult(_transport.HasInbox(inbox));

    protected override Task<int> DeadLetterCountAsync(string inbox) => Task.FromResult(_transport.DeadLetters(inbox).Count);
}
