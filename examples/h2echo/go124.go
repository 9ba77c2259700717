//go:build go1.24

package main

// goHasExtendedConnect reports whether net/http's HTTP/2 server can accept
// extended CONNECT (RFC 8441): it can from Go 1.24, when GODEBUG holds
// http2xconnect=1.
const goHasExtendedConnect = true
