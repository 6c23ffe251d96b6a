using System.Security.Cryptography;
using System.Text;

namespace Mesh.Controller.Storage;

/// <summary>The controller's Consul KV layout (docs/controller.md).</summary>
internal static class KvKeys
{
    public const string DesiredPrefix = "mesh/desired/";
    public const string Manifest = "mesh/desired/manifest";
    public const string CompiledPrefix = "mesh/compiled/";
    public const string ResourceStatusPrefix = "mesh/status/resources/";
    public const string ProxiesPrefix = "mesh/proxies/";
    public const string Leader = "mesh/leader";
    public const string TrafficPrefix = "mesh/traffic/";
    public const string RulesDirStatus = "mesh/status/rules_dir";

    public static string Resource(string kind, string name, string digest) => $"{DesiredPrefix}{kind}/{name}/{digest}";

    public static string Compiled(string host) => CompiledPrefix + host;

    public static string ResourceStatus(string kind, string name) => $"{ResourceStatusPrefix}{kind}/{name}";

    public static string Digest(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}
