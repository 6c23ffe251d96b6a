using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Expressions;
using Mesh.Hcl.Structure;
using Mesh.Hcl.Values;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Configuration;

/// <summary>Typed reads of literal attribute values; every problem becomes a diagnostic pointing at the value.</summary>
internal sealed class HclValueReader(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public string? String(BodyContent content, string name)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        var value = Evaluate(attribute);
        if (value.IsNull)
        {
            return null;
        }

        if (!Conversion.TryToString(value, out var text))
        {
            return Fail<string>(attribute, $"\"{name}\" must be a string, not {value.KindName}.");
        }

        return text;
    }

    public int? Int(BodyContent content, string name, int min, int max)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        var value = Evaluate(attribute);
        if (!Conversion.TryToNumber(value, out var number) || !number.TryGetInt32(out var result))
        {
            return Fail<int?>(attribute, $"\"{name}\" must be a whole number.");
        }

        return result < min || result > max ? Fail<int?>(attribute, $"\"{name}\" must be between {min} and {max}, not {result}.") : result;
    }

    public double? Double(BodyContent content, string name, double min, double max)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        if (!Conversion.TryToNumber(Evaluate(attribute), out var number))
        {
            return Fail<double?>(attribute, $"\"{name}\" must be a number.");
        }

        var result = number.ToDouble();
        return result < min || result > max || double.IsNaN(result)
            ? Fail<double?>(attribute, $"\"{name}\" must be between {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} and {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}, not {result.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : result;
    }

    public bool? Bool(BodyContent content, string name)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }

        return Conversion.TryToBool(Evaluate(attribute), out var result) ? result : Fail<bool?>(attribute, $"\"{name}\" must be true or false.");
    }

    public TimeSpan? Duration(BodyContent content, string name)
    {
        if (String(content, name) is not { } text)
        {
            return null;
        }

        return GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : Fail<TimeSpan?>(content.Attributes[name], $"\"{name}\" must be a positive duration such as \"10s\" or \"24h\", not \"{text}\".");
    }

    public Uri? Url(BodyContent content, string name)
    {
        if (String(content, name) is not { Length: > 0 } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Fail<Uri>(content.Attributes[name], $"\"{name}\" must be an http:// or https:// URL, not \"{text}\".");
    }

    public IReadOnlyList<string> StringList(BodyContent content, string name)
    {
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return [];
        }

        var value = Evaluate(attribute);
        var result = new List<string>();
        if (!value.IsSequence)
        {
            return Fail<IReadOnlyList<string>>(attribute, $"\"{name}\" must be a list of strings.") ?? [];
        }

        foreach (var element in value.Elements)
        {
            if (!Conversion.TryToString(element, out var text))
            {
                return Fail<IReadOnlyList<string>>(attribute, $"\"{name}\" must be a list of strings.") ?? [];
            }

            result.Add(text);
        }

        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(BodyContent content, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!content.Attributes.TryGetValue(name, out var attribute))
        {
            return result;
        }

        var value = Evaluate(attribute);
        if (!value.IsMapping)
        {
            Error(attribute.Expression.Range, $"\"{name}\" must be a map of strings, such as {{ version = \"v2\" }}.");
            return result;
        }

        foreach (var (key, element) in value.Attributes)
        {
            if (!Conversion.TryToString(element, out var text))
            {
                Error(attribute.Expression.Range, $"\"{name}.{key}\" must be a string.");
                continue;
            }

            result[key] = text;
        }

        return result;
    }

    public void Error(SourceRange range, string message) =>
        Diagnostics.Error("Invalid agent configuration", message, range);

    private HclValue Evaluate(HclAttribute attribute) =>
        attribute.Expression.AsKeyword() is { } keyword && keyword is not ("true" or "false" or "null")
            ? HclValue.String(keyword)
            : attribute.Expression.Evaluate(EvalContext.Empty, Diagnostics);

    private T? Fail<T>(HclAttribute attribute, string message)
    {
        Error(attribute.Expression.Range, message);
        return default;
    }
}
