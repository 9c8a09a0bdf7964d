using System.Text.Json;

namespace Alyx.Discord.Rest;

/// <summary>The JSON body of a REST error, and of a 429 with its rate-limit fields.</summary>
/// <param name="Code">Discord's JSON error code, such as 50035 for invalid form body.</param>
/// <param name="Message">The error message.</param>
/// <param name="RetryAfter">On a 429: seconds to wait, fractional.</param>
/// <param name="Global">On a 429: whether the global limit was hit.</param>
/// <param name="Errors">Field errors, when the request body was invalid.</param>
public sealed record DiscordErrorBody(int? Code = null, string? Message = null, double? RetryAfter = null, bool? Global = null, JsonElement? Errors = null);
