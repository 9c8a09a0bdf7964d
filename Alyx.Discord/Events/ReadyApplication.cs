using System.Text.Json.Serialization;

namespace Alyx.Discord.Events;

/// <summary>The application part of READY.</summary>
/// <param name="Id">The application's snowflake.</param>
/// <param name="Flags">The application flags bitfield.</param>
public sealed record ReadyApplication([property: JsonNumberHandling(Snowflake.Handling)] ulong Id, int Flags = 0);
