namespace Mesh.Nomad.Hosting;

/// <summary>Owns the HTTP client of the registered <c>NomadClient</c>, so the container disposes it.</summary>
internal sealed class NomadHttpClient(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public void Dispose() => Client.Dispose();
}
