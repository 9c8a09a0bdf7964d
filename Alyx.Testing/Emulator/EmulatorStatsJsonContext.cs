using System.Text.Json.Serialization;

namespace Alyx.Testing.Emulator;

/// <summary>JSON metadata for the emulator's own endpoints, in camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
public sealed partial class EmulatorStatsJsonContext : JsonSerializerContext;
