using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>
/// Checks a rule set for mistakes that decoding cannot see: per resource (weights, regular expressions, faults,
/// retries, ranges, duplicate names) and across resources (unknown subsets and gateways, conflicting hosts,
/// unreachable routes, failover without outlier detection, destination rules for unknown services). Every
/// finding has a stable code (see <see cref="RuleCodes"/>), a severity, a range and a suggested fix.
/// </summary>
public static class RuleValidator
{
    /// <summary>Validates the rules; pass a catalog view to also check destination rule hosts against known services.</summary>
    public static IReadOnlyList<Diagnostic> Validate(RuleSet rules, ICatalogView? catalog = null)
    {
        var f = new Findings();
        foreach (var group in rules.Resources.GroupBy(r => r.Kind, StringComparer.Ordinal))
        {
            var seen = new Dictionary<string, Resource>(StringComparer.Ordinal);
            foreach (var resource in group)
            {
                if (seen.TryGetValue(resource.Name, out var first))
                {
                    var at = first.DeclRange;
                    f.Error(RuleCodes.DuplicateName, $"Duplicate {resource.Kind} name",
                        $"A {resource.Kind} named \"{resource.Name}\" is already defined at {at.Filename}:{at.Start.Line},{at.Start.Column}.",
                        resource.Ranges.Get(RangeMap.Label) ?? resource.DeclRange, $"Rename one of the two {resource.Kind} blocks, or merge them.");
                    continue;
                }

                seen[resource.Name] = resource;
            }
        }

        foreach (var resource in rules.Resources)
        {
            switch (resource)
            {
                case VirtualService vs:
                    RouteChecks.Check(vs, f);
                    break;
                case DestinationRule dr:
                    PolicyChecks.Check(dr, f);
                    break;
                case Gateway gw:
                    PolicyChecks.Check(gw, f);
                    break;
                case ServiceEntry se:
                    PolicyChecks.Check(se, f);
                    break;
                case PeerAuthentication pa:
                    SecurityChecks.Check(pa, f);
                    break;
                case AuthorizationPolicy ap:
                    SecurityChecks.Check(ap, f);
                    break;
            }
        }

        CrossChecks.Check(rules, catalog, f);
        return f.Items;
    }
}
