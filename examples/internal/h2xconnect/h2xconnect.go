// Package h2xconnect turns on extended CONNECT (RFC 8441) in the HTTP/2
// server of net/http, for the program that imports it, so that browsers
// can open WebSockets over HTTP/2.
//
// Go 1.24 and later accept extended CONNECT, advertise
// SETTINGS_ENABLE_CONNECT_PROTOCOL and hand :protocol to handlers only
// when GODEBUG holds http2xconnect=1. net/http reads that from the
// environment once, in its package initialization, so it cannot be set
// from main, and a //go:debug directive does not know the setting. This
// package sets it in its own init, which runs first: the Go specification
// (since Go 1.21) initializes packages in the order of their import paths,
// each as soon as its imports are done, and this path sorts before
// "net/http" while importing only os and strings, which net/http imports
// too.
//
// A GODEBUG that names http2xconnect already is left as it is, so
// GODEBUG=http2xconnect=0 still turns the feature off. Go 1.23 and earlier
// ignore the setting: their HTTP/2 server never accepts extended CONNECT.
package h2xconnect

import (
	"os"
	"strings"
)

const setting = "http2xconnect"

func init() {
	os.Setenv("GODEBUG", withExtendedConnect(os.Getenv("GODEBUG")))
}

// withExtendedConnect returns godebug with http2xconnect=1 added, unless it
// names http2xconnect already.
func withExtendedConnect(godebug string) string {
	if strings.Contains(godebug, setting+"=") {
		return godebug
	}
	if godebug == "" {
		return setting + "=1"
	}
	return godebug + "," + setting + "=1"
}

// Enabled reports whether GODEBUG asks for extended CONNECT, by the test
// net/http itself applies to it.
func Enabled() bool {
	return strings.Contains(os.Getenv("GODEBUG"), setting+"=1")
}
