# A bookinfo-like shop: the public gateway, a canary of reviews, retries and faults,
# circuit breaking, strict mTLS and authorization. `meshctl validate examples/shop` is clean.

variable "canary_weight" {
  default     = 10
  description = "Percent of reviews traffic sent to v3."
}

locals {
  shop_host = "shop.example.com"
  readers   = ["default/productpage", "default/gateway-public"]
}

gateway "public" {
  selector = { gateway = "ingress" }

  server {
    port     = 443
    protocol = "https"
    hosts    = [local.shop_host]
    tls {
      mode        = "simple"
      certificate = "/etc/mesh/tls/shop.crt"
      private_key = "/etc/mesh/tls/shop.key"
    }
  }

  server {
    port           = 80
    protocol       = "http"
    hosts          = [local.shop_host]
    https_redirect = true
  }
}

virtual_service "shop" {
  hosts    = [local.shop_host]
  gateways = ["public"]

  http "pages" {
    match {
      uri = { prefix = "/" }
    }
    route {
      destination = "productpage"
    }
    timeout = "5s"
  }
}

virtual_service "reviews" {
  hosts = ["reviews"]

  http "testers" {
    match {
      headers = { "end-user" = { exact = "jason" } }
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
    }
    timeout = "2s"
    retries {
      attempts        = 3
      per_try_timeout = "500ms"
      retry_on        = ["5xx", "connect-failure", "reset"]
    }
  }
}

virtual_service "ratings" {
  hosts = ["ratings"]

  http "chaos" {
    route {
      destination = "ratings"
    }
    fault {
      delay {
        fixed      = "2s"
        percentage = 5
      }
      abort {
        http_status = 503
        percentage  = 1
      }
    }
  }
}

destination_rule "reviews" {
  host = "reviews"

  traffic_policy {
    load_balancer {
      simple = "least_request"
    }
    connection_pool {
      tcp {
        max_connections = 100
        connect_timeout = "1s"
      }
      http {
        http1_max_pending_requests = 64
        http2_max_requests         = 1000
      }
    }
    outlier_detection {
      consecutive_5xx_errors = 5
      interval               = "10s"
      base_ejection_time     = "30s"
      max_ejection_percent   = 50
    }
  }

  subset "v1" {
    labels = { version = "v1" }
  }
  subset "v2" {
    labels = { version = "v2" }
  }
  subset "v3" {
    labels = { version = "v3" }
  }
}

service_entry "payments-api" {
  hosts      = ["api.payments.example"]
  location   = "mesh_external"
  resolution = "dns"
  port {
    number   = 443
    protocol = "tls"
    name     = "https"
  }
}

peer_authentication "default" {
  mode = "strict"
}

authorization_policy "reviews-readers" {
  selector = { service = "reviews" }
  action   = "allow"
  rule {
    from {
      principals = local.readers
    }
    to {
      methods = ["GET"]
      paths   = ["/reviews/*"]
    }
  }
}

authorization_policy "no-admin" {
  action = "deny"
  rule {
    to {
      paths = ["/admin*"]
    }
  }
}
