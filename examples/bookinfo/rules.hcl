# The rules `meshctl dev` applies to its sample services (a bookinfo-like "reviews" in
# three versions, called by "productpage"). Apply them to a real mesh with:
#   meshctl apply -f examples/bookinfo/rules.hcl

variable "canary_weight" {
  default     = 10
  description = "Percent of reviews traffic each canary version (v2, v3) receives."
}

virtual_service "reviews" {
  hosts = ["reviews"]

  http "default" {
    route {
      destination = "reviews"
      subset      = "v1"
      weight      = 100 - 2 * var.canary_weight
    }
    route {
      destination = "reviews"
      subset      = "v2"
      weight      = var.canary_weight
    }
    route {
      destination = "reviews"
      subset      = "v3"
      weight      = var.canary_weight
    }
    timeout = "3s"
    retries {
      attempts        = 3
      per_try_timeout = "1s"
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

peer_authentication "default" {
  mode = "strict"
}

authorization_policy "reviews-readers" {
  selector = { service = "reviews" }
  action   = "allow"
  rule {
    from {
      principals = ["default/productpage"]
    }
  }
}
