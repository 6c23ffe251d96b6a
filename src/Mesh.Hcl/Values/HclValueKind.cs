namespace Mesh.Hcl.Values;

/// <summary>The kinds of value an HCL expression produces.</summary>
public enum HclValueKind
{
    /// <summary>The absence of a value.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>An arbitrary-precision number.</summary>
    Number,

    /// <summary>A Unicode string.</summary>
    String,

    /// <summary>An ordered sequence of values of any kinds (<c>[1, "a"]</c>).</summary>
    Tuple,

    /// <summary>An ordered sequence produced by a conversion to a list.</summary>
    List,

    /// <summary>Named attributes of any kinds (<c>{ a = 1 }</c>).</summary>
    Object,

    /// <summary>String keys to values, produced by a conversion to a map.</summary>
    Map,
}
