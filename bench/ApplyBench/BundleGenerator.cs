using System.Globalization;
using System.Text;

namespace Mesh.Bench.Apply;

/// <summary>
/// Generates rule bundles of N resources over the services svc-0000, svc-0001, ...: pairs of a virtual_service
/// (a v1/v2 weighted split with a timeout) and a destination_rule (subsets v1, v2); an odd N ends with a lone
/// virtual_service without subsets. <c>round</c> changes every virtual_service so every touched snapshot changes.
/// </summary>
internal static class BundleGenerator
{
    /// <summary>The services a bundle of <paramref name="resources"/> resources routes to.</summary>
    public static int ServicesFor(int resources) => (resources / 2) + (resources % 2);

    public static string ServiceName(int index) => string.Create(CultureInfo.InvariantCulture, $"svc-{index:D4}");

    public static string Generate(int resources, int round)
    {
        var text = new StringBuilder();
        var pairs = resources / 2;
        var weight = 1 + (round % 49);
        var timeout = 1 + (round % 29);
        for (var i = 0; i < pairs; i++)
        {
            var name = ServiceName(i);
            text.Append(CultureInfo.InvariantCulture, $$"""
                virtual_service "{{name}}" {
                  hosts = ["{{name}}"]
                  http "default" {
                    route {
                      destination = "{{name}}"
                      subset      = "v1"
                      weight      = {{100 - weight}}
                    }
                    route {
                      destination = "{{name}}"
                      subset      = "v2"
                      weight      = {{weight}}
                    }
                    timeout = "{{timeout}}s"
                  }
                }

                destination_rule "{{name}}" {
                  host = "{{name}}"
                  subset "v1" {
                    labels = { version = "v1" }
                  }
                  subset "v2" {
                    labels = { version = "v2" }
                  }
                }


                """);
        }

        if (resources % 2 == 1)
        {
            var name = ServiceName(pairs);
            text.Append(CultureInfo.InvariantCulture, $$"""
                virtual_service "{{name}}" {
                  hosts = ["{{name}}"]
                  http "default" {
                    route {
                      destination = "{{name}}"
                    }
                    timeout = "{{timeout}}s"
                  }
                }

                """);
        }

        return text.ToString();
    }
}
