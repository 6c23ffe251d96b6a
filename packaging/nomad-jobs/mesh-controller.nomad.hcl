# The mesh controller as a Nomad service job: three replicas on distinct hosts; they elect a
# leader through a Consul session lock, and only the leader compiles rules into Consul KV.
# Needs the mesh-controller package on the clients that may run it (or swap the command for an
# artifact block); the exec driver's chroot includes /usr.
job "mesh-controller" {
  type        = "service"
  datacenters = ["*"]

  update {
    max_parallel     = 1
    min_healthy_time = "10s"
    healthy_deadline = "3m"
    auto_revert      = true
  }

  group "controller" {
    count = 3

    constraint {
      operator = "distinct_hosts"
      value    = "true"
    }

    network {
      port "api" {}
      port "admin" {}
    }

    # meshctl finds the controller's rules API through Consul.
    service {
      name     = "mesh-controller"
      port     = "api"
      provider = "consul"
      tags     = ["api"]

      check {
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "mesh-controller" {
      driver = "exec"

      config {
        command = "/usr/lib/mesh-controller/mesh-controller"
        args    = ["run", "--config", "local/controller.hcl"]
      }

      template {
        destination   = "local/controller.hcl"
        change_mode   = "signal"
        change_signal = "SIGHUP"
        data          = <<-EOT
          api {
            address = "{{ env "NOMAD_ADDR_api" }}"
          }

          consul {
            address    = "http://{{ env "attr.unique.network.ip-address" }}:8500"
            datacenter = "{{ env "node.datacenter" }}"
            leader_key = "mesh/leader"
          }

          certificates {
            provider     = "builtin"
            trust_domain = "mesh.local"
          }

          data_dir = "{{ env "NOMAD_ALLOC_DIR" }}/data"

          admin {
            address = "127.0.0.1:{{ env "NOMAD_PORT_admin" }}"
          }
        EOT
      }

      kill_timeout = "30s"

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
