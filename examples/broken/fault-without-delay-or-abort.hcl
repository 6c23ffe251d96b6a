# expect: error MESH0111 8:5
virtual_service "ratings" {
  hosts = ["ratings"]
  http "chaos" {
    route {
      destination = "ratings"
    }
    fault {
    }
  }
}
