using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mesh.Nomad.Generated;

// The hand-written half of the NSwag-generated client (obj/Generated/NomadApi.g.cs): it plugs in
// the source-generated JSON metadata and the ACL token.
internal partial class NomadApi
{
    /// <summary>The ACL token sent as X-Nomad-Token, or null when ACLs are off.</summary>
    internal string? Token { get; set; }

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.TypeInfoResolver = NomadJsonContext.Default;
    }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, StringBuilder urlBuilder)
    {
        if (!string.IsNullOrEmpty(Token))
        {
            request.Headers.Add(NomadHeaders.Token, Token);
        }

        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
    }
}
