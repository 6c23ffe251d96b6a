namespace Mesh.Controller.Hosting;

/// <summary>Fails Consul requests once the <see cref="ConsulCutoff"/> is cut, as if the process had died.</summary>
internal sealed class ConsulCutoffHandler(ConsulCutoff cutoff) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        cutoff.IsCut
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "This controller was cut off from Consul (simulated crash)."))
            : base.SendAsync(request, cancellationToken);
}
