namespace Alyx.TestSupport;

/// <summary>
/// Addresses of the services that scripts/test starts on loopback. A test that needs a service reads it here, and
/// fails with a message naming the variable when the tests were started some other way.
/// </summary>
public static class TestServices
{
    /// <summary>Variable holding the test Redis server as <c>host:port</c>.</summary>
    public const string RedisVariable = "ALYX_TEST_REDIS";

    /// <summary>Variable holding the moto_server base URL, such as <c>http://127.0.0.1:5555</c>.</summary>
    public const string MotoVariable = "ALYX_TEST_MOTO";

    /// <summary>Variable holding the fauxqs (SNS/SQS/S3 emulator) base URL, such as <c>http://127.0.0.1:4566</c>.</summary>
    public const string FauxqsVariable = "ALYX_TEST_FAUXQS";

    /// <summary>The Redis endpoint (<c>host:port</c>) for tests.</summary>
    public static string RedisEndpoint => Require(RedisVariable, "redis-server");

    /// <summary>The moto_server endpoint for tests.</summary>
    public static Uri MotoEndpoint => new(Require(MotoVariable, "moto_server"));

    /// <summary>The fauxqs endpoint for tests.</summary>
    public static Uri FauxqsEndpoint => new(Require(FauxqsVariable, "fauxqs"));

    /// <summary>Returns the value of a required variable or throws with the fix.</summary>
    public static string Require(string variable, string service)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{variable} is not set, so this test cannot reach {service}. Run the tests with scripts/test, which starts {service} on loopback and exports {variable}.");
        }

        return value;
    }
}
