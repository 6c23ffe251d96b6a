namespace Mesh.Rules.Validation;

/// <summary>What validation may ask of the service catalog.</summary>
public interface ICatalogView
{
    /// <summary>Whether a service with this host name (service name or DNS name) is registered.</summary>
    bool HasService(string host);
}
