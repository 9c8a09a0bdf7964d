namespace Alyx.Aws.Sns;

/// <summary>An entry of a batch that SNS did not publish, although the call returned HTTP 200.</summary>
/// <param name="Id">The entry's <see cref="SnsBatchEntry.Id"/>.</param>
/// <param name="Code">The error code, such as <c>InvalidParameter</c> or <c>InternalError</c>.</param>
/// <param name="Message">The error message, if any.</param>
/// <param name="SenderFault">True when the entry itself is wrong, so resending it unchanged fails again.</param>
public sealed record SnsBatchFailure(string Id, string Code, string? Message, bool SenderFault);
