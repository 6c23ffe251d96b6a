using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Model;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Compilation;

/// <summary>The state shared while compiling one rule set against one catalog: lookups and findings.</summary>
internal sealed class CompileContext
{
    private readonly Findings _findings = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CatalogService> _services = new(StringComparer.Ordinal);
    private readonly HostIndex<DestinationRule> _destinationRules;

    public CompileContext(RuleSet rules, CatalogSnapshot catalog)
    {
        Rules = rules;
        Catalog = catalog;
        foreach (var name in catalog.Services.Keys.Order(StringComparer.Ordinal))
        {
            _services.TryAdd(HostNames.Canonical(name), catalog.Services[name]);
        }

        _destinationRules = new(rules.OfKind<DestinationRule>().OrderBy(d => d.Name, StringComparer.Ordinal), d => [d.Host]);
        ServiceEntries = new(rules.OfKind<ServiceEntry>().OrderBy(e => e.Name, StringComparer.Ordinal), e => e.Hosts);
        KnownHosts = new HashSet<string>(_services.Keys, StringComparer.Ordinal);
        foreach (var entry in rules.OfKind<ServiceEntry>())
        {
            KnownHosts.UnionWith(entry.Hosts.Select(HostNames.Canonical));
        }

        _wildcardHosts = [.. KnownHosts.Where(HostNames.IsWildcard)];
        AuthorizationPolicies = [.. rules.OfKind<AuthorizationPolicy>().OrderBy(p => p.Name, StringComparer.Ordinal)];
        PeerAuthentications = [.. rules.OfKind<PeerAuthentication>().OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    private readonly List<string> _wildcardHosts;

    /// <summary>The service entries, by name, indexed by host.</summary>
    public HostIndex<ServiceEntry> ServiceEntries { get; }

    /// <summary>The authorization policies, by name.</summary>
    public IReadOnlyList<AuthorizationPolicy> AuthorizationPolicies { get; }

    /// <summary>The peer authentication policies, by name.</summary>
    public IReadOnlyList<PeerAuthentication> PeerAuthentications { get; }

    /// <summary>The rules being compiled.</summary>
    public RuleSet Rules { get; }

    /// <summary>The catalog compiled against.</summary>
    public CatalogSnapshot Catalog { get; }

    /// <summary>Catalog services and service entry hosts (canonical; entry hosts may be wildcards).</summary>
    public HashSet<string> KnownHosts { get; }

    /// <summary>The findings so far.</summary>
    public IReadOnlyList<Diagnostic> Findings => _findings.Items;

    /// <summary>The catalog service behind a canonical host, if any.</summary>
    public CatalogService? Service(string host) => _services.GetValueOrDefault(host);

    /// <summary>Whether a canonical host is a catalog service or covered by a service entry.</summary>
    public bool IsKnown(string host) => KnownHosts.Contains(host) || _wildcardHosts.Exists(k => HostNames.Covers(k, host));

    /// <summary>The labels of each instance of a host's catalog service (none when it is not a catalog service).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Labels(string host)
        => Service(host) is { } service ? [.. service.Instances.Select(i => i.Labels())] : [];

    /// <summary>The destination rule for a canonical host: exact host first, then the most specific wildcard, then by name.</summary>
    public DestinationRule? DestinationRuleFor(string host)
    {
        DestinationRule? best = null;
        var bestScore = -1;
        foreach (var rule in _destinationRules.Covering(host))
        {
            var pattern = HostNames.Canonical(rule.Host);
            if (!HostNames.Covers(pattern, host))
            {
                continue;
            }

            var score = HostNames.Specificity(pattern);
            if (score > bestScore)
            {
                best = rule;
                bestScore = score;
            }
            else if (score == bestScore && best is not null)
            {
                Warn(CompileCodes.DuplicateDestinationRule, "Several destination rules for one host",
                    $"{Validation.Findings.Describe(rule)} and {Validation.Findings.Describe(best)} both apply to \"{host}\"; \"{best.Name}\" is used.",
                    Validation.Findings.At(rule, rule.Ranges, "host"), "Merge the two destination rules into one.");
            }
        }

        return best;
    }

    /// <summary>Adds a warning, once per distinct message.</summary>
    public void Warn(string code, string summary, string detail, SourceRange? subject, string suggestion)
    {
        if (_reported.Add(code + "\n" + detail))
        {
            _findings.Warning(code, summary, detail, subject, suggestion);
        }
    }
}
