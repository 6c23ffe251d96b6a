namespace Mesh.Hcl.Values;

/// <summary>HCL's automatic conversions between primitive values (a string "5" is usable as a number, and so on).</summary>
public static class Conversion
{
    /// <summary>Converts to a number; strings are parsed. Returns false for anything else.</summary>
    public static bool TryToNumber(HclValue value, out HclNumber number)
    {
        number = HclNumber.Zero;
        return value.Kind switch
        {
            HclValueKind.Number => Assign(value.AsNumber, out number),
            HclValueKind.String => HclNumber.TryParse(value.AsString, out number),
            _ => false,
        };
    }

    /// <summary>Converts to a bool; the strings "true" and "false" are accepted.</summary>
    public static bool TryToBool(HclValue value, out bool result)
    {
        result = false;
        switch (value.Kind)
        {
            case HclValueKind.Bool:
                result = value.AsBool;
                return true;
            case HclValueKind.String when value.AsString is "true" or "false":
                result = value.AsString == "true";
                return true;
            default:
                return false;
        }
    }

    /// <summary>Converts a primitive to its string form; collections and null cannot be converted.</summary>
    public static bool TryToString(HclValue value, out string result)
    {
        result = "";
        switch (value.Kind)
        {
            case HclValueKind.String:
                result = value.AsString;
                return true;
            case HclValueKind.Number:
                result = value.AsNumber.ToString();
                return true;
            case HclValueKind.Bool:
                result = value.AsBool ? "true" : "false";
                return true;
            default:
                return false;
        }
    }

    private static bool Assign(HclNumber n, out HclNumber number)
    {
        number = n;
        return true;
    }
}
