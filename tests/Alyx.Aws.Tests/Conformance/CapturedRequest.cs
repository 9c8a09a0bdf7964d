using System.Security.Cryptography;
using System.Text;

namespace Alyx.Aws.Tests.Conformance;

/// <summary>A request as an Alyx.Aws client handed it to HttpClient, with the SigV4 canonical request rebuilt from it.</summary>
internal sealed record CapturedRequest(Uri Uri, string Body, string Authorization, IReadOnlyDictionary<string, string> SignedHeaderValues)
{
    public string Signature => Authorization[(Authorization.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];

    /// <summary>
    /// Rebuilds the canonical request from what was sent: every header the Authorization header lists, the path and
    /// the body hash. Matching signatures then prove the signer hashed this same text.
    /// </summary>
    public string CanonicalRequest
    {
        get
        {
            var names = SignedHeaderValues.Keys.Order(StringComparer.Ordinal).ToList();
            var builder = new StringBuilder();
            builder.Append("POST\n").Append(Uri.AbsolutePath).Append("\n\n");
            foreach (var name in names)
            {
                builder.Append(name).Append(':').Append(SignedHeaderValues[name].Trim()).Append('\n');
            }

            builder.Append('\n').Append(string.Join(';', names)).Append('\n');
            builder.Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body))));
            return builder.ToString();
        }
    }

    public static async Task<CapturedRequest> FromAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync();
        var authorization = request.Headers.GetValues("Authorization").Single();
        var signedNames = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in signedNames)
        {
            values[name] = name switch
            {
                "host" => request.RequestUri!.IsDefaultPort ? request.RequestUri.Host : request.RequestUri.Authority,
                "content-type" => request.Content!.Headers.ContentType!.ToString(),
                _ => string.Join(',', request.Headers.GetValues(name)),
            };
        }

        return new CapturedRequest(request.RequestUri!, body, authorization, values);
    }
}
