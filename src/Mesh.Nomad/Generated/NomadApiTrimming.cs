using System.Diagnostics.CodeAnalysis;

// The NSwag-generated client (obj/Generated/NomadApi.g.cs) calls the reflection-based JsonSerializer overloads with
// JsonSerializerSettings, whose TypeInfoResolver is NomadJsonContext.Default (NomadApi.cs): every response type is
// resolved from source-generated metadata, so nothing is reflected over at run time (mesh-agent ships Native AOT).
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:Mesh.Nomad.Generated.NomadApi.ReadObjectResponseAsync``1(System.Net.Http.HttpResponseMessage,System.Collections.Generic.IReadOnlyDictionary{System.String,System.Collections.Generic.IEnumerable{System.String}},System.Threading.CancellationToken)",
    Justification = "Options resolve every type from NomadJsonContext (source-generated).")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member",
    Target = "M:Mesh.Nomad.Generated.NomadApi.ReadObjectResponseAsync``1(System.Net.Http.HttpResponseMessage,System.Collections.Generic.IReadOnlyDictionary{System.String,System.Collections.Generic.IEnumerable{System.String}},System.Threading.CancellationToken)",
    Justification = "Options resolve every type from NomadJsonContext (source-generated).")]

// Its ConvertToString reads [EnumMember] off enum fields by reflection; our OpenAPI subset has no enum-typed
// parameter (openapi/nomad-mesh-subset.yaml: strings, integers and booleans), so that branch never runs.
[assembly: UnconditionalSuppressMessage("Trimming", "IL2075", Scope = "member",
    Target = "M:Mesh.Nomad.Generated.NomadApi.ConvertToString(System.Object,System.Globalization.CultureInfo)",
    Justification = "No enum-typed parameter in the Nomad API subset.")]
