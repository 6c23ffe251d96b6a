# expect: error MESH0206 4:14
virtual_service "shop" {
  hosts    = ["shop.example.com"]
  gateways = ["pubilc"]
  http "pages" {
    route {
      destination = "productpage"
    }
  }
}
