# expect: error MESH0103 6:16
destination_rule "reviews" {
  host = "reviews"
  traffic_policy {
    load_balancer {
      simple = "least_requests"
    }
  }
}
