using System.Net;
using Mesh.Identity;

namespace Mesh.Agent.Listeners;

/// <summary>The attributes of a request that authorization policies look at.</summary>
internal sealed record AuthorizationRequest(SpiffeId? Principal, IPAddress? SourceIp, string Host, string Method, string Path, int Port, IHeaderDictionary Headers);
