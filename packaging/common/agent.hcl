# /etc/mesh/agent.hcl: configuration of mesh-agent (`mesh-agent run --config /etc/mesh/agent.hcl`).
# An example to edit: every value shown is the default unless marked otherwise. Reload with
# `systemctl reload mesh-agent` (SIGHUP). Secrets belong in /etc/default/mesh-agent.

# The name this host registers under; empty means the host name.
node_name = ""

# Where the agent keeps its last good snapshots and certificates, so it serves traffic
# after a restart while Consul or Vault is down.
data_dir = "/var/lib/mesh/agent"

consul {
  address    = "http://127.0.0.1:8500"
  datacenter = ""
}

# Workload certificates: "vault" (Vault PKI) or "builtin" (the controller's CA).
certificates {
  provider     = "builtin"
  trust_domain = "mesh.local"
  ttl          = "24h"
}

# vault {
#   address = "https://vault.service.consul:8200"
#   pki_mount = "pki_int"
#   role      = "mesh-workload"
# }

# Mesh the tasks of this Nomad client node whose service blocks opt in (see docs/nomad.md).
nomad {
  enabled = false
  address = "http://127.0.0.1:4646"
}

# The admin API (metrics, proxy config) binds to localhost only.
admin {
  address = "127.0.0.1:15000"
}
