namespace Mesh.Rules.Model;

/// <summary>How a string match compares.</summary>
public enum StringMatchKind
{
    /// <summary><c>exact</c>.</summary>
    Exact,

    /// <summary><c>prefix</c>.</summary>
    Prefix,

    /// <summary><c>regex</c>.</summary>
    Regex,
}
