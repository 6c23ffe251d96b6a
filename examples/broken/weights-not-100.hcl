# expect: error MESH0109 7:21
virtual_service "reviews" {
  hosts = ["reviews"]
  http "default" {
    route {
      destination = "reviews"
      weight      = 70
    }
    route {
      destination = "ratings"
      weight      = 20
    }
  }
}
