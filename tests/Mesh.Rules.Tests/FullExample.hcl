variable "canary_weight" { default = 10 }

gateway "public" {
  selector = { gateway = "ingress" }        # which gateway-mode agents serve it
  server {
    port     = 443
    protocol = "https"                      # http | https | http2 | grpc | tcp | tls
    hosts    = ["shop.example.com"]
    tls {
      mode        = "simple"                # simple | mutual | passthrough | mesh_mutual
      certificate = "/etc/mesh/tls/shop.crt" # or a Vault PKI source, see docs
      private_key = "/etc/mesh/tls/shop.key"
    }
  }
  server {
    port           = 80
    protocol       = "http"
    hosts          = ["shop.example.com"]
    https_redirect = true
  }
}

virtual_service "reviews" {
  hosts    = ["reviews"]
  gateways = ["mesh"]                       # "mesh" = all sidecars; or gateway names

  http "jason-sees-v2" {                    # label = route name, order matters: first match wins
    match {
      headers = { "end-user" = { exact = "jason" } }
      uri     = { prefix = "/reviews" }
    }
    route {
      destination = "reviews"
      subset      = "v2"
    }
  }

  http "default" {
    route {
      destination = "reviews"
      subset      = "v1"
      weight      = 100 - var.canary_weight
    }
    route {
      destination = "reviews"
      subset      = "v3"
      weight      = var.canary_weight
      headers {
        response {
          set = { "x-canary" = "true" }
        }
      }
    }
    timeout = "2s"
    retries {
      attempts        = 3
      per_try_timeout = "500ms"
      retry_on        = ["5xx", "connect-failure", "reset"]
    }
    fault {
      delay {
        fixed      = "3s"
        percentage = 5
      }
      abort {
        http_status = 503
        percentage  = 1
      }
    }
    mirror {
      destination = "reviews"
      subset      = "v3"
      percentage  = 20
    }
  }
}

destination_rule "reviews" {
  host = "reviews"
  traffic_policy {
    load_balancer {
      simple = "least_request"              # round_robin | least_request | random | passthrough
      # consistent_hash { http_header_name = "x-user" }   (or http_cookie {}, use_source_ip, http_query_parameter_name; ring_hash {} | maglev {})
      # locality { failover { from = "eu-west" to = "eu-central" } }
    }
    connection_pool {
      tcp {
        max_connections = 100
        connect_timeout = "1s"
      }
      http {
        http1_max_pending_requests  = 64
        http2_max_requests          = 1000
        max_requests_per_connection = 0
      }
    }
    outlier_detection {
      consecutive_5xx_errors = 5
      interval               = "10s"
      base_ejection_time     = "30s"
      max_ejection_percent   = 50
    }
    tls { mode = "mesh_mutual" }            # disable | simple | mutual | mesh_mutual
  }
  subset "v1" { labels = { version = "v1" } }
  subset "v2" { labels = { version = "v2" } }
  subset "v3" {
    labels = { version = "v3" }
    traffic_policy {
      load_balancer {
        simple = "round_robin"
      }
    }
  }
}

service_entry "payments-api" {
  hosts      = ["api.payments.example"]
  location   = "mesh_external"              # mesh_external | mesh_internal
  resolution = "dns"                        # none | static | dns
  port {
    number   = 443
    protocol = "tls"
    name     = "https"
  }
}

peer_authentication "default" {
  mode = "strict"                           # strict | permissive | disable; no selector = mesh-wide
}

authorization_policy "reviews-readers" {
  selector = { service = "reviews" }
  action   = "allow"                        # allow | deny | audit
  rule {
    from { principals = ["spiffe://mesh.local/ns/default/svc/productpage"] }
    to   {
      methods = ["GET"]
      paths   = ["/reviews/*"]
    }
    when {
      key    = "request.headers[x-tenant]"
      values = ["acme"]
    }
  }
}
