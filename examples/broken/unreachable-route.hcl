# expect: warning MESH0204 9:8
virtual_service "reviews" {
  hosts = ["reviews"]
  http "everything" {
    route {
      destination = "reviews"
    }
  }
  http "never" {
    match {
      uri = { prefix = "/admin" }
    }
    route {
      destination = "reviews"
    }
  }
}
