using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Values;

namespace Mesh.Hcl.Native.Nodes;

/// <summary>Attribute access and indexing with HCL's rules and messages.</summary>
internal static class Indexing
{
    public static HclValue GetAttribute(HclValue value, string name, SourceRange range, DiagnosticBag diagnostics)
    {
        switch (value.Kind)
        {
            case HclValueKind.Null:
                diagnostics.Error("Attempt to get attribute from null value", "This value is null, so it does not have any attributes.", range);
                return HclValue.Null;
            case HclValueKind.Object:
                if (value.Attributes.TryGetValue(name, out var attribute))
                {
                    return attribute;
                }

                var suggestion = DidYouMean.Suggest(name, value.Attributes.Keys);
                diagnostics.Error("Unsupported attribute",
                    $"This object does not have an attribute named \"{name}\".{(suggestion is null ? "" : $" Did you mean \"{suggestion}\"?")}", range);
                return HclValue.Null;
            case HclValueKind.Map:
                if (value.Attributes.TryGetValue(name, out var element))
                {
                    return element;
                }

                diagnostics.Error("Missing map element", $"This map does not have an element with the key \"{name}\".", range);
                return HclValue.Null;
            case HclValueKind.Tuple or HclValueKind.List:
                diagnostics.Error("Unsupported attribute",
                    $"Can't access attributes on a list of objects. Did you mean to access attribute \"{name}\" for a specific element of the list, or across all elements of the list?",
                    range);
                return HclValue.Null;
            default:
                diagnostics.Error("Unsupported attribute", $"Can't access attributes on a primitive-typed value ({value.KindName}).", range);
                return HclValue.Null;
        }
    }

    public static HclValue Index(HclValue collection, HclValue key, SourceRange range, DiagnosticBag diagnostics)
    {
        if (collection.IsNull)
        {
            diagnostics.Error("Attempt to index null value", "This value is null, so it does not have any indices.", range);
            return HclValue.Null;
        }

        if (key.IsNull)
        {
            diagnostics.Error("Invalid index", "Can't use a null value as an indexing key.", range);
            return HclValue.Null;
        }

        if (collection.IsSequence)
        {
            if (!Conversion.TryToNumber(key, out var n) || !n.IsInteger)
            {
                diagnostics.Error("Invalid index", "The given key does not identify an element in this collection value: a whole number is required.", range);
                return HclValue.Null;
            }

            if (!n.TryGetInt32(out var i) || i < 0 || i >= collection.Elements.Length)
            {
                diagnostics.Error("Invalid index",
                    "The given key does not identify an element in this collection value: the collection has "
                    + $"{collection.Elements.Length} elements, and the index is {n}.", range);
                return HclValue.Null;
            }

            return collection.Elements[i];
        }

        if (collection.IsMapping)
        {
            if (!Conversion.TryToString(key, out var name))
            {
                diagnostics.Error("Invalid index", "The given key does not identify an element in this collection value: string required.", range);
                return HclValue.Null;
            }

            if (collection.Attributes.TryGetValue(name, out var value))
            {
                return value;
            }

            diagnostics.Error("Invalid index", "The given key does not identify an element in this collection value.", range);
            return HclValue.Null;
        }

        diagnostics.Error("Invalid index", $"This value does not have any indices: a {collection.KindName} cannot be indexed.", range);
        return HclValue.Null;
    }
}
