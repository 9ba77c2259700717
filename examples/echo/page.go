package main

import (
	_ "embed"
	"strconv"
)

//go:embed page.html
var page string

// pageResponse returns the whole HTTP response that serves the page.
func pageResponse() []byte {
	return []byte("HTTP/1.1 200 OK\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"Content-Length: " + strconv.Itoa(len(page)) + "\r\n" +
		"Connection: close\r\n\r\n" + page)
}
