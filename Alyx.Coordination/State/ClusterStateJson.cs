using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alyx.Coordination.State;

/// <summary>The JSON form of spec and status documents in Redis: camelCase names, enums as strings.</summary>
internal static class ClusterStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
