using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Range checks of numbers, durations and percentages.</summary>
internal static class Numbers
{
    public static void Duration(Resource r, RangeMap ranges, string name, TimeSpan? value, string where, Findings f)
    {
        if (value < TimeSpan.Zero)
        {
            f.Error(RuleCodes.BadDuration, "Negative duration", $"{where}: \"{name}\" is {GoDuration.Format(value.Value)}; durations cannot be negative.",
                Findings.At(r, ranges, name), $"Give \"{name}\" a positive duration such as \"1s\".");
        }
    }

    public static void Percentage(Resource r, RangeMap ranges, string name, double? value, string where, Findings f)
    {
        if (value is < 0 or > 100)
        {
            f.Error(RuleCodes.BadPercentage, "Percentage out of range", $"{where}: \"{name}\" is {value}; percentages are numbers from 0 to 100.",
                Findings.At(r, ranges, name), $"Give \"{name}\" a value from 0 to 100.");
        }
    }

    public static void Port(Resource r, RangeMap ranges, string name, int? value, string where, Findings f)
        => Range(r, ranges, name, value, 1, 65535, where, f);

    public static void Range(Resource r, RangeMap ranges, string name, long? value, long min, long max, string where, Findings f)
    {
        if (value is { } v && (v < min || v > max))
        {
            f.Error(RuleCodes.BadNumber, "Number out of range", $"{where}: \"{name}\" is {v}, but it must be from {min} to {max}.",
                Findings.At(r, ranges, name), $"Give \"{name}\" a value from {min} to {max}.");
        }
    }
}
