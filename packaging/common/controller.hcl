# /etc/mesh/controller.hcl: configuration of mesh-controller
# (`mesh-controller run --config /etc/mesh/controller.hcl`). An example to edit; reload with
# `systemctl reload mesh-controller` (SIGHUP). Secrets belong in /etc/default/mesh-controller.

# The rules API that `meshctl apply` talks to.
api {
  address = "127.0.0.1:15010"
}

consul {
  address    = "http://127.0.0.1:8500"
  datacenter = ""
  # Replicas elect a leader with a Consul session lock on this key.
  leader_key = "mesh/leader"
}

# The built-in CA used when agents are configured with certificates.provider = "builtin".
certificates {
  provider     = "builtin"
  trust_domain = "mesh.local"
}

data_dir = "/var/lib/mesh/controller"

admin {
  address = "127.0.0.1:15001"
}
