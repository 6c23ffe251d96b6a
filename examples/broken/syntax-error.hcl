# expect: error "Unexpected comma after argument" 3:22
virtual_service "reviews" {
  hosts = ["reviews"], gateways = ["mesh"]
}
