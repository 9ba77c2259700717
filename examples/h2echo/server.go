package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/wscodec/wscodec/examples/internal/echo"
	"github.com/wscodec/wscodec/wshandshake"
	"github.com/wscodec/wscodec/wshandshake/wshttp"
)

// newServer returns the HTTPS server, offering HTTP/2 and HTTP/1.1. wsLog,
// when not nil, records every WebSocket.
func newServer(cert tls.Certificate, wsLog *websocketLog) *http.Server {
	h := &handler{log: wsLog}
	return &http.Server{
		Handler: h,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{cert},
			NextProtos:   []string{"h2", "http/1.1"},
		},
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       echo.IdleTimeout,
		// No ReadTimeout or WriteTimeout: they would bound the whole life
		// of a WebSocket. echo.Serve sets an idle read deadline instead.
	}
}

type handler struct{ log *websocketLog }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(echo.Page)))
		io.WriteString(w, echo.Page)
	case "/echo":
		if r.ProtoMajor >= 2 {
			h.serveExtendedConnect(w, r)
		} else {
			h.serveUpgrade(w, r)
		}
	default:
		http.NotFound(w, r)
	}
}

// serveExtendedConnect runs a WebSocket on an HTTP/2 stream (RFC 8441):
// the 200 response opens it, the request body carries the client's frames
// and the response body the server's.
func (h *handler) serveExtendedConnect(w http.ResponseWriter, r *http.Request) {
	accepted, err := wshttp.ValidateExtendedConnect(r, &echo.ServerConfig)
	if err != nil {
		wshttp.WriteConnectRejection(w, err)
		return
	}
	rc := http.NewResponseController(w)
	// HTTP/2 streams are full duplex anyway; HTTP/1.1 would need this to
	// read the request body after writing the response.
	if err := rc.EnableFullDuplex(); err != nil {
		log.Print(err)
		return
	}
	h.log.record(r) // before the 200, so the line is out when the client sees the open
	wshttp.SetConnectResponseHeader(w.Header(), &accepted)
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return
	}
	s := &streamTransport{body: r.Body, w: w, rc: rc}
	echo.Serve(s, nil, &accepted, echo.PlanFromQuery(r.URL.Query()))
}

// streamTransport is an [echo.Stream] over one HTTP/2 stream.
type streamTransport struct {
	body io.Reader
	w    io.Writer
	rc   *http.ResponseController
}

func (s *streamTransport) Read(p []byte) (int, error) { return s.body.Read(p) }

// Write writes p to the response and flushes it into DATA frames, which
// net/http otherwise holds in a buffer until the handler returns or the
// buffer fills.
func (s *streamTransport) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		return n, err
	}
	return n, s.rc.Flush()
}

func (s *streamTransport) SetReadDeadline(t time.Time) error { return s.rc.SetReadDeadline(t) }

// Finish leaves the end of the stream to the handler's return: net/http
// then ends the response with END_STREAM, the HTTP/2 counterpart of a TCP
// FIN (RFC 8441 §5.1), and resets the stream with NO_ERROR if the client
// has not ended its side. Frames on one HTTP/2 connection arrive in
// order, so unlike a TCP reset this cannot overtake the close frame.
func (s *streamTransport) Finish() {}

// serveUpgrade runs a WebSocket on an HTTP/1.1 connection taken over from
// net/http after the upgrade handshake (RFC 6455 §4.2).
func (h *handler) serveUpgrade(w http.ResponseWriter, r *http.Request) {
	accepted, err := wshttp.ValidateRequest(r, &echo.ServerConfig)
	if err != nil {
		wshttp.WriteRejection(w, err)
		return
	}
	resp, err := wshandshake.AppendResponse(nil, &accepted, nil)
	if err != nil {
		log.Print(err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h.log.record(r)
	nc, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		log.Print(err)
		return
	}
	defer nc.Close()
	if _, err := nc.Write(resp); err != nil {
		return
	}
	// Frames the client sent right behind its request may sit in
	// net/http's read buffer; nothing reads it after this.
	early, _ := brw.Reader.Peek(brw.Reader.Buffered())
	echo.Serve(echo.NetStream(nc), early, &accepted, echo.PlanFromQuery(r.URL.Query()))
}

// websocketLog prints one line per WebSocket; a nil log prints nothing.
type websocketLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *websocketLog) record(r *http.Request) {
	if l == nil {
		return
	}
	protocol := r.Header.Get(":protocol")
	if protocol == "" {
		protocol = "-"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "ws proto=%s method=%s protocol=%s remote=%s target=%s\n",
		r.Proto, r.Method, protocol, r.RemoteAddr, r.RequestURI)
}
