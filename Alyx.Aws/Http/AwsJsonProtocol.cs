using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alyx.Aws.Http;

/// <summary>Serialization for the AWS JSON 1.0 and 1.1 protocols: camelCase or explicit names, nulls omitted.</summary>
internal static class AwsJsonProtocol
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,

        // Bodies never end up inside HTML, so only what JSON requires is escaped: '+', '&' or '<' travel as themselves.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new EpochSecondsConverter() },
    };

    /// <summary>Returns the signed-request content: the JSON body, its Content-Type and the X-Amz-Target header.</summary>
    public static AwsRequestContent Content<T>(T request, string jsonVersion, string target) =>
        new(JsonSerializer.SerializeToUtf8Bytes(request, Options), $"application/x-amz-json-{jsonVersion}", target);

    public static T Read<T>(AwsResponse response, string service, string operation)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(response.Body.Length == 0 ? "{}"u8 : response.Body, Options)
                ?? throw new AwsProtocolException(service, operation, "the body is JSON null");
        }
        catch (JsonException error)
        {
            throw new AwsProtocolException(service, operation, $"the body is not the expected JSON ({error.Message})");
        }
    }

    /// <summary>JSON protocol timestamps: epoch seconds, possibly fractional.</summary>
    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }

            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
    }
}
