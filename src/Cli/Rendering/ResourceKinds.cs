namespace Mesh.Cli.Rendering;

/// <summary>The resource kinds meshctl names on its command line, with kubectl-like short forms.</summary>
internal static class ResourceKinds
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gateway"] = "gateway", ["gateways"] = "gateway", ["gw"] = "gateway",
        ["virtual_service"] = "virtual_service", ["virtual_services"] = "virtual_service", ["virtualservice"] = "virtual_service", ["vs"] = "virtual_service",
        ["destination_rule"] = "destination_rule", ["destination_rules"] = "destination_rule", ["destinationrule"] = "destination_rule", ["dr"] = "destination_rule",
        ["service_entry"] = "service_entry", ["service_entries"] = "service_entry", ["serviceentry"] = "service_entry", ["se"] = "service_entry",
        ["peer_authentication"] = "peer_authentication", ["peer_authentications"] = "peer_authentication", ["peerauthentication"] = "peer_authentication", ["pa"] = "peer_authentication",
        ["authorization_policy"] = "authorization_policy", ["authorization_policies"] = "authorization_policy", ["authorizationpolicy"] = "authorization_policy", ["ap"] = "authorization_policy",
    };

    public static string Canonical(string kind) =>
        Aliases.TryGetValue(kind, out var canonical)
            ? canonical
            : throw new CliUsageException($"Unknown resource kind \"{kind}\". Kinds: gateway, virtual_service, destination_rule, service_entry, peer_authentication, authorization_policy.");
}
