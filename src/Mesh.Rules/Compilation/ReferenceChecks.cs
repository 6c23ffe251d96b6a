using Mesh.Rules.Model;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Compilation;

/// <summary>Warns about route destinations the compiled snapshots cannot serve: unknown hosts and undefined subsets.</summary>
internal static class ReferenceChecks
{
    public static void Check(CompileContext ctx)
    {
        foreach (var vs in ctx.Rules.OfKind<VirtualService>().OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            foreach (var route in vs.Http)
            {
                foreach (var d in route.Route)
                {
                    Destination(ctx, vs, d.Destination, d.Subset, d.Ranges);
                }

                if (route.Mirror is { } mirror)
                {
                    Destination(ctx, vs, mirror.Destination, mirror.Subset, mirror.Ranges);
                }
            }

            foreach (var route in vs.Tcp)
            {
                foreach (var d in route.Route)
                {
                    Destination(ctx, vs, d.Destination, d.Subset, d.Ranges);
                }
            }
        }
    }

    private static void Destination(CompileContext ctx, VirtualService vs, string destination, string? subset, RangeMap ranges)
    {
        var host = HostNames.Canonical(destination);
        if (!ctx.IsKnown(host))
        {
            ctx.Warn(CompileCodes.UnknownDestination, "Route to an unknown host",
                $"{Findings.Describe(vs)} sends traffic to \"{destination}\", which is neither a catalog service nor a service entry host; requests to it fail with 503 until it registers.",
                Findings.At(vs, ranges, "destination"), "Check the spelling, register the service, or add a service_entry for it.");
        }

        if (subset is null)
        {
            return;
        }

        var rule = ctx.DestinationRuleFor(host);
        if (rule is null || !rule.Subsets.Any(s => string.Equals(s.Name, subset, StringComparison.Ordinal)))
        {
            ctx.Warn(RuleCodes.UnknownSubset, "Route to an undefined subset",
                $"{Findings.Describe(vs)} sends traffic to subset \"{subset}\" of \"{destination}\", which no destination rule defines; requests to it fail with 503.",
                Findings.At(vs, ranges, "subset"), $"Define subset \"{subset}\" in the destination rule for \"{destination}\".");
        }
    }
}
