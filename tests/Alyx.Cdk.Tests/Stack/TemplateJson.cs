using System.Text.Json.Nodes;

namespace Alyx.Cdk.Tests.Stack;

/// <summary>The synthesized template as JSON, for checks that span resources (references, policies, subnets).</summary>
public sealed class TemplateJson(JsonObject template)
{
    public JsonObject Root { get; } = template;

    /// <summary>Returns the logical id and properties of every resource of a CloudFormation type.</summary>
    public IReadOnlyList<(string Id, JsonObject Properties)> Resources(string type) =>
        [.. Root["Resources"]!.AsObject()
            .Where(pair => (string?)pair.Value!["Type"] == type)
            .Select(pair => (pair.Key, pair.Value!["Properties"]?.AsObject() ?? []))];

    /// <summary>Returns the one resource of a type whose logical id starts with <paramref name="idPrefix"/>.</summary>
    public (string Id, JsonObject Properties) One(string type, string idPrefix) =>
        Resources(type).Single(resource => resource.Id.StartsWith(idPrefix, StringComparison.Ordinal));

    /// <summary>Returns the container definition of the task definition whose logical id starts with <paramref name="idPrefix"/>.</summary>
    public JsonObject Container(string idPrefix) =>
        One("AWS::ECS::TaskDefinition", idPrefix).Properties["ContainerDefinitions"]!.AsArray().Single()!.AsObject();

    /// <summary>Returns the names of a container's environment variables or secrets (<c>Environment</c> or <c>Secrets</c>).</summary>
    public static IReadOnlySet<string> Names(JsonObject container, string list) =>
        (container[list]?.AsArray() ?? []).Select(entry => (string)entry!["Name"]!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Returns the value of a container's environment variable as JSON (a string, or an intrinsic function).</summary>
    public static JsonNode? Variable(JsonObject container, string name) =>
        container["Environment"]!.AsArray().Single(entry => (string)entry!["Name"]! == name)!["Value"];

    /// <summary>Returns the statements of every IAM policy attached to the role whose logical id starts with <paramref name="rolePrefix"/>.</summary>
    public IReadOnlyList<JsonObject> PolicyStatements(string rolePrefix)
    {
        var role = One("AWS::IAM::Role", rolePrefix).Id;
        return [.. Resources("AWS::IAM::Policy")
            .Where(policy => policy.Properties["Roles"]!.AsArray().Any(reference => (string?)reference!["Ref"] == role))
            .SelectMany(policy => policy.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(statement => statement!.AsObject())];
    }

    /// <summary>Returns a statement's actions whether the template contains one string or a list.</summary>
    public static IReadOnlyList<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray list => [.. list.Select(action => (string)action!)],
        JsonNode single => [(string)single!],
        _ => [],
    };

    /// <summary>Returns a statement's resources, each as compact JSON text.</summary>
    public static IReadOnlyList<string> StatementResources(JsonObject statement) => statement["Resource"] switch
    {
        JsonArray list => [.. list.Select(resource => resource!.ToJsonString())],
        JsonNode single => [single.ToJsonString()],
        _ => [],
    };

    /// <summary>
    /// Renders a string value as text, with <c>${Id}</c> for a Ref and <c>${Id.Attribute}</c> for a GetAtt, so that a
    /// value the CDK splits over an Fn::Join reads as one string.
    /// </summary>
    public static string Render(JsonNode? value) => value switch
    {
        JsonObject join when join["Fn::Join"] is JsonArray parts =>
            string.Join((string)parts[0]!, parts[1]!.AsArray().Select(Render)),
        JsonObject reference when reference["Ref"] is JsonNode id => $"${{{(string)id!}}}",
        JsonObject attribute when attribute["Fn::GetAtt"] is JsonArray pair => $"${{{(string)pair[0]!}.{(string)pair[1]!}}}",
        JsonValue text => (string)text!,
        _ => value?.ToJsonString() ?? "",
    };
}
