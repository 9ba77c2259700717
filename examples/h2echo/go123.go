//go:build !go1.24

package main

// goHasExtendedConnect reports whether net/http's HTTP/2 server can accept
// extended CONNECT (RFC 8441): it cannot before Go 1.24.
const goHasExtendedConnect = false
