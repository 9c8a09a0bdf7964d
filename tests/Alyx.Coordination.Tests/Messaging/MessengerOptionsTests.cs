using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class MessengerOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new MessengerOptions().Validate();
    }

    [Fact]
    public void Validate_SeveralInvalid_NamesEach()
    {
        var options = new MessengerOptions { DefaultTimeout = TimeSpan.Zero, MaxHandlerAttempts = 0, MaxInboundBytes = 10 };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("DefaultTimeout", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MaxHandlerAttempts", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MaxInboundBytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqsValidate_LongPrefixAndWait_NamesEach()
    {
        var options = new SqsTransportOptions { NamePrefix = new string('a', 41), ReceiveWaitTime = TimeSpan.FromSeconds(21) };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("NamePrefix", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ReceiveWaitTime", exception.Message, StringComparison.Ordinal);
    }
}
