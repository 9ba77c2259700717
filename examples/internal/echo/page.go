package echo

import _ "embed"

// Page is the HTML page the echo servers serve at /: it talks to /echo
// over ws:// or wss://, whichever matches how it was loaded.
//
//go:embed page.html
var Page string
