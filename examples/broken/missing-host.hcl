# expect: error MESH0102 6:2
destination_rule "reviews" {
  subset "v1" {
    labels = { version = "v1" }
  }
}
