using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Gateway;

public sealed class GatewayCloseCodesTests
{
    [Theory]
    [InlineData(4000, CloseAction.Resume)]
    [InlineData(4001, CloseAction.Resume)]
    [InlineData(4002, CloseAction.Resume)]
    [InlineData(4003, CloseAction.NewSession)]
    [InlineData(4004, CloseAction.Fatal)]
    [InlineData(4005, CloseAction.Resume)]
    [InlineData(4007, CloseAction.NewSession)]
    [InlineData(4008, CloseAction.Resume)]
    [InlineData(4009, CloseAction.NewSession)]
    [InlineData(4010, CloseAction.Fatal)]
    [InlineData(4011, CloseAction.Fatal)]
    [InlineData(4012, CloseAction.Fatal)]
    [InlineData(4013, CloseAction.Fatal)]
    [InlineData(4014, CloseAction.Fatal)]
    [InlineData(1000, CloseAction.Resume)]
    [InlineData(1006, CloseAction.Resume)]
    public void ActionFor_DocumentedCode_ReturnsDocumentedAction(int code, CloseAction expected)
    {
        Assert.Equal(expected, GatewayCloseCodes.ActionFor(code));
    }
}
