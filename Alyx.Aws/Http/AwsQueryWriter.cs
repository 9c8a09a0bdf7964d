using System.Globalization;
using System.Text;

namespace Alyx.Aws.Http;

/// <summary>
/// Builds an AWS Query protocol body (<c>Action=Op&amp;Version=V&amp;...</c>). Parameters keep the order they are
/// added in, which for the clients here is the order of the service model, so the bytes match botocore's.
/// </summary>
internal sealed class AwsQueryWriter
{
    /// <summary>The Content-Type botocore and the AWS SDKs send with Query bodies.</summary>
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public AwsQueryWriter(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public AwsQueryWriter Add(string name, string value)
    {
        _parameters.Add(new(name, value));
        return this;
    }

    public AwsQueryWriter AddIfNotNull(string name, string? value) => value is null ? this : Add(name, value);

    public AwsQueryWriter Add(string name, bool value) => Add(name, value ? "true" : "false");

    public AwsQueryWriter Add(string name, int value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    public AwsQueryWriter Add(string name, double value) => Add(name, FormatDouble(value));

    /// <summary>Adds an ISO 8601 UTC timestamp, with microseconds only when they are non-zero (botocore's format).</summary>
    public AwsQueryWriter Add(string name, DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var micros = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = micros == 0
            ? utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + micros.ToString("D6", CultureInfo.InvariantCulture) + "Z";
        return Add(name, text);
    }

    /// <summary>
    /// Adds a map as <c>{prefix}.entry.N.{keyName}</c> and <c>{prefix}.entry.N.{valueName}</c>, N from 1.
    /// </summary>
    public AwsQueryWriter AddMap(string prefix, IEnumerable<KeyValuePair<string, string>> entries, string keyName = "key", string valueName = "value")
    {
        var index = 1;
        foreach (var (key, value) in entries)
        {
            Add($"{prefix}.entry.{index}.{keyName}", key);
            Add($"{prefix}.entry.{index}.{valueName}", value);
            index++;
        }

        return this;
    }

    public byte[] ToBody()
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in _parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(FormEncode(name)).Append('=').Append(FormEncode(value));
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    // Keeps RFC 3986's unreserved characters and writes uppercase %XX for the rest and '+' for a space. That is what
    // botocore's body encoding (Python's urlencode) produces, and the services accept '%20' as well.
    private static string FormEncode(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    public AwsRequestContent ToContent() => new(ToBody(), ContentType, Target: null);

    /// <summary>
    /// Formats a double the way Python's <c>repr</c> does (botocore's Query serializer writes <c>str(value)</c>):
    /// the shortest round-trip digits, a trailing <c>.0</c> on integral values, and exponent form outside
    /// 1e-4 &lt;= |x| &lt; 1e16.
    /// </summary>
    internal static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" gives the shortest round-trip digits (as Python's repr does), which are re-laid out below.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var sign = value < 0 ? "-" : string.Empty;
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        string text;
        if (exponent < 0)
        {
            text = "0." + new string('0', -exponent - 1) + digits;
        }
        else if (digits.Length <= exponent + 1)
        {
            text = digits + new string('0', exponent + 1 - digits.Length) + ".0";
        }
        else
        {
            text = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        }

        return sign + text;
    }

    // Splits a positive "R" string (such as "1.5E+20", "0.001" or "42") into significant digits and the decimal
    // exponent of the first digit.
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? text[..dot] : text;
        var fraction = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        var all = integerPart + fraction;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        exponent += integerPart.Length - 1 - leadingZeros;
        return (digits.Length == 0 ? "0" : digits, exponent);
    }
}
