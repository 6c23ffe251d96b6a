# expect: error MESH0201 7:21
virtual_service "reviews" {
  hosts = ["reviews"]
  http "default" {
    route {
      destination = "reviews"
      subset      = "v9"
    }
  }
}

destination_rule "reviews" {
  host = "reviews"
  subset "v1" {
    labels = { version = "v1" }
  }
}
