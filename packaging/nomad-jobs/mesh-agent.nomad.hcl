# The mesh agent as a Nomad system job: one instance on every client node, meshing the tasks of
# that node whose service blocks opt in (docs/nomad.md). The alternative is the systemd unit from
# the mesh-agent package; run one or the other on a host, not both.
#
# Needs on each client: the mesh-agent package installed (for /usr/lib/mesh-agent; leave its
# systemd unit disabled) and the raw_exec driver enabled. raw_exec because the agent must share
# the host's network namespace and loopback with the tasks it proxies, and bind ports for them.
#
# The agent reads its node's allocations with Nomad's API. With ACLs on, give it a token whose
# policy has node:read and read-job on the namespaces to mesh, in NOMAD_TOKEN (Nomad variable
# below), or attach such a policy to this job's workload identity.
job "mesh-agent" {
  type        = "system"
  datacenters = ["*"]
  priority    = 90

  update {
    max_parallel = 1
    stagger      = "30s"
  }

  group "agent" {
    restart {
      attempts = 10
      interval = "5m"
      delay    = "10s"
      mode     = "delay"
    }

    task "mesh-agent" {
      driver = "raw_exec"

      config {
        command = "/usr/lib/mesh-agent/mesh-agent"
        args    = ["run", "--config", "local/agent.hcl"]
      }

      # The agent re-reads its config on SIGHUP, as under systemd.
      template {
        destination   = "local/agent.hcl"
        change_mode   = "signal"
        change_signal = "SIGHUP"
        data          = <<-EOT
          node_name = "{{ env "node.unique.name" }}"
          data_dir  = "/var/lib/mesh/agent"

          consul {
            address    = "http://{{ env "attr.unique.network.ip-address" }}:8500"
            datacenter = "{{ env "node.datacenter" }}"
          }

          certificates {
            provider     = "builtin"
            trust_domain = "mesh.local"
          }

          nomad {
            enabled = true
            address = "http://127.0.0.1:4646"
            node_id = "{{ env "node.unique.id" }}"
          }

          admin {
            address = "127.0.0.1:15000"
          }
        EOT
      }

      template {
        destination = "secrets/nomad.env"
        env         = true
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs/mesh-agent" }}NOMAD_TOKEN={{ .nomad_token }}{{ end }}
        EOT
      }

      # Runtime settings: the agent's built-in defaults (docs/proxy.md "Runtime settings") apply under Nomad too;
      # to override one, add it here, e.g.:
      # env {
      #   DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS = "0"
      # }

      kill_timeout = "30s"
      kill_signal  = "SIGTERM"

      resources {
        cpu    = 300
        memory = 256
      }
    }
  }
}
