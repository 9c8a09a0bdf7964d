using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Launchers.Ecs;
using Alyx.Orchestrator.Reconcile;
using Microsoft.Extensions.Configuration;

namespace Alyx.Orchestrator.Hosting;

/// <summary>
/// Checks the orchestrator's configuration values before they are bound, and names each value by the variable that
/// sets it. The configuration binder reports a value it cannot convert as an <see cref="InvalidOperationException"/>
/// with the configuration path and the .NET type, which names neither the variable nor the accepted form.
/// </summary>
public static partial class ConfigurationValueCheck
{
    /// <summary>
    /// Returns one message per value of the <c>Orchestrator</c>, <c>Ecs</c> and <c>ShardHost</c> sections that cannot be
    /// converted to its setting's type, naming the variable, the value and the accepted form. Empty when all convert.
    /// </summary>
    public static IReadOnlyList<string> FindInvalidValues(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        CheckSection(configuration, OrchestratorConfiguration.Section, [typeof(OrchestratorSettings), typeof(OrchestratorOptions)], failures);
        CheckSection(configuration, OrchestratorConfiguration.EcsSection, [typeof(EcsLauncherOptions)], failures);
        CheckSection(configuration, OrchestratorConfiguration.ShardHostSection, [typeof(ShardHostSettings)], failures);
        return failures;
    }

    /// <summary>
    /// Rewrites validation messages that start with a setting's property name, such as <c>LaunchesPerSecond (-3) must be
    /// positive.</c>, so that they name the variable of <paramref name="section"/> that sets it and the default that
    /// applies when the variable is unset. Other messages pass through unchanged.
    /// </summary>
    /// <param name="failures">Messages of an options class's <c>Validate</c>.</param>
    /// <param name="section">The configuration section of the options, such as <c>Ecs</c>.</param>
    /// <param name="defaults">A new instance of the options class, whose property values are the defaults.</param>
    public static IReadOnlyList<string> NameVariables(IEnumerable<string> failures, string section, object defaults)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(defaults);
        return [.. failures.Select(failure => NameVariable(failure, section, defaults))];
    }

    /// <summary>Returns the variable that sets <paramref name="key"/> of <paramref name="section"/>, which is a short variable such as ALYX_CLUSTER where one exists.</summary>
    public static string VariableOf(string section, string key)
    {
        if (section == OrchestratorConfiguration.Section)
        {
            foreach (var (variable, property) in OrchestratorConfiguration.ShortVariables)
            {
                if (string.Equals(property, key, StringComparison.OrdinalIgnoreCase))
                {
                    return variable;
                }
            }
        }

        return $"ALYX_{section}__{key}";
    }

    private static void CheckSection(IConfiguration configuration, string section, Type[] types, List<string> failures)
    {
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            // A child without a value is a nested section, and an empty value binds as the default.
            if (string.IsNullOrEmpty(child.Value))
            {
                continue;
            }

            var property = types
                .Select(type => type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
                .FirstOrDefault(candidate => candidate is { CanWrite: true });
            if (property is not null && !TryConvert(property.PropertyType, child.Value))
            {
                failures.Add($"{VariableOf(section, child.Key)} '{child.Value}' is invalid: use {AcceptedForm(property.PropertyType)}.");
            }
        }
    }

    // The binder converts scalar values with the type's TypeConverter and the invariant culture, so this is the same test.
    private static bool TryConvert(Type type, string value)
    {
        var converter = TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            return true;
        }

        try
        {
            converter.ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string AcceptedForm(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(target));
        }

        return target switch
        {
            _ when target == typeof(TimeSpan) => "a time span as [d.]hh:mm:ss[.fff], such as 00:00:10 for 10 seconds",
            _ when target == typeof(bool) => "true or false",
            _ when target == typeof(int) || target == typeof(long) => "a whole number, such as 4",
            _ when target == typeof(double) => "a number, such as 2.5",
            _ when target == typeof(Uri) => "an absolute URL, such as https://discord.com/api/v10/",
            _ => $"a value of type {target.Name}",
        };
    }

    private static string NameVariable(string failure, string section, object defaults)
    {
        var match = LeadingPropertyName().Match(failure);
        var property = match.Success ? defaults.GetType().GetProperty(match.Groups[1].Value) : null;
        if (property is null)
        {
            return failure;
        }

        var defaultValue = Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture);
        var variable = VariableOf(section, property.Name);
        return $"{variable}{failure[property.Name.Length..]} Set a valid value, or unset {variable} for the default {defaultValue}.";
    }

    [GeneratedRegex(@"^([A-Z][A-Za-z]+) \(")]
    private static partial Regex LeadingPropertyName();
}
