# expect: error MESH0104 8:15
virtual_service "reviews" {
  hosts = ["reviews"]
  http "default" {
    route {
      destination = "reviews"
    }
    timeout = "2 seconds"
  }
}
