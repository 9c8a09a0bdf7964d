using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Alyx.Aws.Http;

/// <summary>Reads the code, message and request id out of a JSON or XML (Query) error response.</summary>
internal static class AwsErrorParser
{
    /// <summary>
    /// Characters kept of a body that has no AWS error code and message, such as a proxy's or an emulator's HTML error
    /// page. The message goes into one-line events and status conditions; <see cref="AwsServiceException.ResponseBody"/>
    /// keeps the whole body.
    /// </summary>
    public const int MaxUnparsedLength = 200;

    // AWS messages are one sentence or two; the cap only guards events and status against a service that returns pages.
    private const int MaxMessageLength = 1000;

    public static (string Code, string Message, string? RequestId) Parse(int statusCode, HttpResponseHeaders headers, byte[] body)
    {
        var requestId = HeaderValue(headers, "x-amzn-RequestId") ?? HeaderValue(headers, "x-amz-request-id");
        var text = Encoding.UTF8.GetString(body).Trim();
        string? code = null;
        string? message = null;
        if (text.StartsWith('{'))
        {
            (code, message) = ParseJson(text);
        }
        else if (text.StartsWith('<'))
        {
            (code, message, var xmlRequestId) = ParseXml(text);
            requestId ??= xmlRequestId;
        }

        // awsQueryCompatible JSON services repeat the Query code as "Code;Sender" in this header.
        var queryError = HeaderValue(headers, "x-amzn-query-error");
        if (code is null && queryError is not null)
        {
            code = queryError.Split(';')[0];
        }

        code = NormalizeCode(code ?? HeaderValue(headers, "x-amzn-ErrorType")) ?? $"Http{statusCode}";
        message = message is not null ? Summarize(message, MaxMessageLength)
            : text.Length == 0 ? $"HTTP {statusCode} with an empty body"
            : Summarize(text, MaxUnparsedLength);
        return (code, message, requestId);
    }

    // JSON error types may carry a namespace ("aws.ecs#ClusterNotFoundException") or a suffix after ':'.
    private static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? code[..colon] : code).Trim();
    }

    private static (string? Code, string? Message) ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            return (StringProperty(root, "__type") ?? StringProperty(root, "code"),
                StringProperty(root, "message") ?? StringProperty(root, "Message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (string? Code, string? Message, string? RequestId) ParseXml(string text)
    {
        try
        {
            var document = XDocument.Parse(text);
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") ?? document.Root;
            return (Child(error, "Code"), Child(error, "Message"),
                document.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value);
        }
        catch (XmlException)
        {
            return (null, null, null);
        }
    }

    private static string? Child(XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // Collapses every run of whitespace, line breaks included, to one space, then cuts to max characters.
    private static string Summarize(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..max] + "...";
    }
}
