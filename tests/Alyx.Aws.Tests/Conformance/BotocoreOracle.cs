using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>What botocore signed for one request.</summary>
internal sealed record BotocoreSignedRequest(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    string Body,
    string Url,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Runs tests/oracles/botocore_request.py, which builds and signs a request with botocore (the AWS SDK for Python)
/// and stops before sending it.
/// </summary>
internal static class BotocoreOracle
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    /// <summary>The signing time of every conformance request.</summary>
    public static readonly DateTimeOffset SignedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A loopback endpoint that nothing listens on; the requests never leave either process.</summary>
    public static readonly Uri Endpoint = new("http://127.0.0.1:4566/");

    private static readonly Lazy<string> Script = new(FindScript);

    public static async Task<BotocoreSignedRequest> SignAsync(
        string service, string operation, JsonObject parameters, string? protocol = null, bool compactJson = false, string? sessionToken = null)
    {
        var spec = new JsonObject
        {
            ["service"] = service,
            ["operation"] = operation,
            ["params"] = parameters,
            ["region"] = Region,
            ["endpoint"] = Endpoint.ToString().TrimEnd('/'),
            ["accessKey"] = AccessKey,
            ["secretKey"] = SecretKey,
            ["timestamp"] = SignedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["signPayloadHash"] = true,
            ["compactJson"] = compactJson,
        };
        if (protocol is not null)
        {
            spec["protocol"] = protocol;
        }

        if (sessionToken is not null)
        {
            spec["sessionToken"] = sessionToken;
        }

        var output = await RunAsync(spec.ToJsonString());
        var root = JsonNode.Parse(output)!.AsObject();
        return new BotocoreSignedRequest(
            (string)root["canonicalRequest"]!,
            (string)root["stringToSign"]!,
            (string)root["signature"]!,
            (string)root["authorization"]!,
            (string)root["body"]!,
            (string)root["url"]!,
            root["headers"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!));
    }

    private static async Task<string> RunAsync(string input)
    {
        var start = new ProcessStartInfo("python3", [Script.Value])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // botocore must not read a developer's AWS files or probe a metadata address.
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_ENDPOINT_URL");
        start.Environment.Remove("AWS_PROFILE");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start; install Python 3 with botocore.");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("botocore_request.py did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore_request.py failed with exit code {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "oracles", "botocore_request.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/oracles/botocore_request.py was not found above the test binaries.");
    }
}
