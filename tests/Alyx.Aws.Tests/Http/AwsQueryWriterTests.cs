using System.Text;
using Alyx.Aws.Http;

namespace Alyx.Aws.Tests.Http;

public sealed class AwsQueryWriterTests
{
    // Expected strings are Python's repr of the same double, which botocore writes into Query bodies.
    [Theory]
    [InlineData(5.0, "5.0")]
    [InlineData(42.5, "42.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    public void FormatDouble_Value_MatchesPythonRepr(double value, string expected)
    {
        Assert.Equal(expected, AwsQueryWriter.FormatDouble(value));
    }

    [Fact]
    public void ToBody_ReservedCharacters_AreFormEncoded()
    {
        var body = new AwsQueryWriter("Publish", "2010-03-31").Add("Message", "a b+c&d=e/~ü").ToBody();

        Assert.Equal("Action=Publish&Version=2010-03-31&Message=a+b%2Bc%26d%3De%2F~%C3%BC", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Add_TimestampWithFraction_WritesMicroseconds()
    {
        var body = new AwsQueryWriter("X", "1")
            .Add("Whole", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))
            .Add("Fraction", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 250, TimeSpan.FromHours(2)))
            .ToBody();

        Assert.Equal("Action=X&Version=1&Whole=2026-01-02T03%3A04%3A05Z&Fraction=2026-01-02T01%3A04%3A05.250000Z", Encoding.UTF8.GetString(body));
    }
}
