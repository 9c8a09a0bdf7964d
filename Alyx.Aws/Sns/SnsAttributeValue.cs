namespace Alyx.Aws.Sns;

/// <summary>
/// The value of a message attribute. Subscription filter policies match on attributes, and raw delivery to SQS turns
/// them into SQS message attributes (a message with more than 10 is dropped there).
/// </summary>
/// <param name="DataType"><c>String</c>, <c>String.Array</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix such as <c>String.shard</c>.</param>
/// <param name="StringValue">The value for String, String.Array (a JSON array) and Number types.</param>
/// <param name="BinaryValue">The value for Binary types; filter policies never match binary attributes.</param>
public sealed record SnsAttributeValue(string DataType, string? StringValue = null, ReadOnlyMemory<byte>? BinaryValue = null)
{
    /// <summary>Returns a String attribute.</summary>
    public static SnsAttributeValue FromString(string value) => new("String", value);

    /// <summary>Returns a Number attribute; the value is written in invariant culture.</summary>
    public static SnsAttributeValue FromNumber(long value) => new("Number", value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Returns a Binary attribute.</summary>
    public static SnsAttributeValue FromBinary(ReadOnlyMemory<byte> value) => new("Binary", BinaryValue: value);
}
