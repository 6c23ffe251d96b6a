# An application that opts into the mesh from its own job file: bookinfo's "reviews" in two
# versions. Each service block joins the mesh with the "mesh" tag (or meta mesh = "true"),
# carries the version its subsets select on, and declares its upstreams in mesh_upstreams as
# name:local_port pairs. The mesh agent on the node listens on 127.0.0.1:<local_port> for each
# upstream; the task is told where through env vars it declares itself (Nomad offers no hook to
# inject them for a third-party mesh; see docs/nomad.md).
#
# With these rules applied (meshctl apply -f), 90 % of calls to "reviews" go to v1, 10 % to v2:
#   destination_rule "reviews" { host = "reviews"  subset "v1" { labels = { version = "v1" } }  subset "v2" { labels = { version = "v2" } } }
job "reviews" {
  type        = "service"
  datacenters = ["*"]
  namespace   = "default"

  group "reviews-v1" {
    count = 2

    network {
      port "http" {}
    }

    service {
      name     = "reviews"
      port     = "http"
      provider = "consul"
      tags     = ["mesh", "v1"]

      meta {
        version        = "v1"
        mesh_upstreams = "ratings:9191"
      }

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "reviews" {
      driver = "exec"

      config {
        command = "/opt/bookinfo/reviews"
        args    = ["--listen", "${NOMAD_ADDR_http}"]
      }

      # Nomad's own Connect sets NOMAD_UPSTREAM_ADDR_<name>; outside Connect we set the same
      # style of variable from the port declared in mesh_upstreams.
      env {
        UPSTREAM_ADDR_ratings = "127.0.0.1:9191"
        RATINGS_URL           = "http://127.0.0.1:9191"
        SERVICE_VERSION       = "v1"
      }

      resources {
        cpu    = 200
        memory = 256
      }
    }
  }

  group "reviews-v2" {
    count = 1

    network {
      port "http" {}
    }

    service {
      name     = "reviews"
      port     = "http"
      provider = "consul"
      tags     = ["v2"]

      meta {
        mesh           = "true"
        version        = "v2"
        mesh_upstreams = "ratings:9191,details:9192"
      }

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "reviews" {
      driver = "exec"

      config {
        command = "/opt/bookinfo/reviews"
        args    = ["--listen", "${NOMAD_ADDR_http}"]
      }

      env {
        UPSTREAM_ADDR_ratings = "127.0.0.1:9191"
        UPSTREAM_ADDR_details = "127.0.0.1:9192"
        RATINGS_URL           = "http://127.0.0.1:9191"
        SERVICE_VERSION       = "v2"
      }

      resources {
        cpu    = 200
        memory = 256
      }
    }
  }
}
