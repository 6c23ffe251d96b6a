# expect: error MESH0101 8:5
virtual_service "reviews" {
  hosts = ["reviews"]
  http "default" {
    route {
      destination = "reviews"
    }
    timout = "2s"
  }
}
