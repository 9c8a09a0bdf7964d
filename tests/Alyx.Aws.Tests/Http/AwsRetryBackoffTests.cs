using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.Http;

public sealed class AwsRetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(5, 1600)]
    [InlineData(8, 12800)]
    [InlineData(9, 20000)]
    [InlineData(40, 20000)]
    public void Compute_FullRandom_ReturnsCappedExponentialCeiling(int retry, double expectedMs)
    {
        var delay = AwsRetryBackoff.Compute(retry, Base, Cap, unitRandom: 1.0);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Compute_ZeroRandom_ReturnsZero()
    {
        var delay = AwsRetryBackoff.Compute(3, Base, Cap, unitRandom: 0.0);

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void Compute_HalfRandom_ReturnsHalfTheCeiling()
    {
        var delay = AwsRetryBackoff.Compute(3, Base, Cap, unitRandom: 0.5);

        Assert.Equal(200, delay.TotalMilliseconds, precision: 6);
    }
}
