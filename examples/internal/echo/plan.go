package echo

import (
	"net/url"
	"strconv"

	"github.com/wscodec/wscodec/wsframe"
)

// Plan is a close the server starts itself after echoing some messages.
type Plan struct {
	Code   wsframe.CloseCode
	Reason string
	After  int // messages to echo first; 0 closes right after the handshake
}

// PlanFromQuery reads ?close=CODE&reason=TEXT&after=N from the query of
// the WebSocket's URL (interop/README.md). Without a numeric close it
// returns nil: the server leaves closing to the client.
func PlanFromQuery(q url.Values) *Plan {
	code, err := strconv.Atoi(q.Get("close"))
	if err != nil {
		return nil
	}
	after, _ := strconv.Atoi(q.Get("after"))
	return &Plan{Code: wsframe.CloseCode(code), Reason: q.Get("reason"), After: after}
}
