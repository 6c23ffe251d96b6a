namespace Mesh.Hcl.Json;

/// <summary>A token: its kind, its character span in the text and, for strings, numbers and keywords, its value.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Start">Index of the first character.</param>
/// <param name="End">Index just after the last character.</param>
/// <param name="Value">Decoded string, number text or keyword; empty otherwise.</param>
/// <param name="HasEscapes">For strings, whether the source used escape sequences.</param>
internal readonly record struct JsonToken(JsonTokenKind Kind, int Start, int End, string Value = "", bool HasEscapes = false);
