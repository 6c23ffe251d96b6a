namespace Mesh.Hcl.Json;

/// <summary>The kinds of JSON token.</summary>
internal enum JsonTokenKind
{
    /// <summary>The end of the input.</summary>
    EndOfFile,

    /// <summary>Something that is not valid JSON; it has already been reported.</summary>
    Invalid,

    /// <summary><c>{</c></summary>
    OpenBrace,

    /// <summary><c>}</c></summary>
    CloseBrace,

    /// <summary><c>[</c></summary>
    OpenBracket,

    /// <summary><c>]</c></summary>
    CloseBracket,

    /// <summary><c>:</c></summary>
    Colon,

    /// <summary><c>,</c></summary>
    Comma,

    /// <summary><c>=</c>, which is not JSON but worth a specific message.</summary>
    Equals,

    /// <summary>A string.</summary>
    String,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
    Keyword,
}
