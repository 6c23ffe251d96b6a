using System.Globalization;

namespace MultiHost.Tests;

/// <summary>The HCL files of the lab: controller, agents and rules.</summary>
internal static class MeshConfigs
{
    /// <summary>The operator token meshctl presents (the controller API is reached over the lab network, not loopback).</summary>
    public const string OperatorToken = "multihost-operator-token";

    /// <summary>The token agents present to the controller.</summary>
    public const string AgentToken = "multihost-agent-token";

    private const string OutlierDetectionBlock = """
            outlier_detection {
              consecutive_5xx_errors = 1
              interval               = "1s"
              base_ejection_time     = "30s"
              max_ejection_percent   = 100
            }
        """;

    /// <summary>
    /// Rules spreading reviews over v1 (host2) and v2 (host3) evenly, retrying elsewhere, with strict mTLS.
    /// Without <paramref name="outlierDetection"/> (the warm-up variant) endpoints failing while the hosts come up are
    /// not ejected for 30 s.
    /// </summary>
    public static string ReviewsRules(bool outlierDetection) => $$"""
        virtual_service "reviews" {
          hosts = ["reviews"]
          http "default" {
            route {
              destination = "reviews"
            }
            timeout = "5s"
            retries {
              attempts        = 3
              per_try_timeout = "2s"
              retry_on        = ["5xx", "connect-failure", "reset"]
            }
          }
        }

        destination_rule "reviews" {
          host = "reviews"
          traffic_policy {
            load_balancer {
              simple = "round_robin"
            }
        {{(outlierDetection ? OutlierDetectionBlock : "")}}
          }
          subset "v1" {
            labels = { version = "v1" }
          }
          subset "v2" {
            labels = { version = "v2" }
          }
        }

        peer_authentication "default" {
          mode = "strict"
        }
        """;

    public static string Controller(string apiAddress, string consulAddress, string dataDir) => $$"""
        data_dir = "{{dataDir}}"
        api {
          address     = "{{apiAddress}}"
          token       = "{{OperatorToken}}"
          agent_token = "{{AgentToken}}"
        }
        consul {
          address    = "http://{{consulAddress}}"
          leader_key = "mesh/leader"
        }
        certificates {
          provider     = "builtin"
          trust_domain = "mesh.local"
        }
        admin {
          address = "127.0.0.1:15001"
        }
        """;

    public static string Agent(string nodeName, string dataDir, string catalogAddress, string controllerAddress, string services) => $$"""
        node_name = "{{nodeName}}"
        data_dir  = "{{dataDir}}"
        consul {
          address = "http://{{catalogAddress}}"
        }
        controller {
          address = "http://{{controllerAddress}}"
          token   = "{{AgentToken}}"
        }
        certificates {
          provider     = "builtin"
          trust_domain = "mesh.local"
        }
        admin {
          address = "127.0.0.1:15000"
        }
        {{services}}
        """;

    /// <summary>A service whose inbound listener is on the host's lab address, advertised with it.</summary>
    public static string Service(string name, string version, int port, int inboundPort, string hostAddress, string upstreams = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        service "{{name}}" {
          port              = {{port}}
          inbound_port      = {{inboundPort}}
          inbound_address   = "{{hostAddress}}"
          advertise_address = "{{hostAddress}}"
          meta              = { version = "{{version}}" }
          {{upstreams}}
        }
        """);

    public static string Upstream(string host, int localPort) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        upstream "{{host}}" {
            local_port = {{localPort}}
          }
        """);
}
