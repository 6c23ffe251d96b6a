using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mesh.Agent.Tests.Gateways;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Mesh.Agent.Tests.Integration;

/// <summary>
/// An HTTPS backend outside the mesh on 127.0.0.1:0 answering <c>tls|host|is-https|client-certificate-name</c>; with
/// <c>clientCa</c> (or <c>clientValidation</c>) it requires a client certificate that authority issued.
/// </summary>
internal static class TlsBackend
{
    public static Task<WebApplication> StartAsync(X509Certificate2 certificate, TestCertificates? clientCa = null) =>
        StartAsync(certificate, clientCa is null ? null : c => clientCa.Validate(c));

    public static async Task<WebApplication> StartAsync(X509Certificate2 certificate, Func<X509Certificate2, bool>? clientValidation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (clientValidation is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (c, _, _) => clientValidation(c);
            }
        })));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("tls|" + context.Request.Host.Host + "|" + context.Request.IsHttps + "|" + context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false)));
        await app.StartAsync();
        return app;
    }
}
