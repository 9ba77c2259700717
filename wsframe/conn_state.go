package wsframe

// State is where a [Conn] stands in the close handshake (RFC 6455 §7).
//
// The transitions are the table below, which [Conn] consults for every
// change of state; a dash marks an input that cannot occur in that state
// because the Conn refuses it (a second close frame to send: [ErrCloseSent])
// or never looks at it (bytes after a received close are discarded).
//
//	state \ input   close sent      close received  failure   transport ended
//	Open            CloseSent       CloseReceived   Closed    Closed
//	CloseSent       -               Closed          Closed    Closed
//	CloseReceived   Closed          -               -         Closed
//	Closed          -               -               -         Closed
//
// "Close sent" is [Conn.AppendClose], or [Conn.AppendOutgoing] taking the
// queued reply to a received close. "Failure" is a received violation: the
// Conn queues a close frame with the violation's code (unless it sent one
// already) and will not wait for the peer's reply (§7.1.7). "Transport
// ended" is [Conn.ReceiveEOF].
type State uint8

// The states of the close handshake.
const (
	// StateOpen: messages flow both ways.
	StateOpen State = iota
	// StateCloseSent: a close frame was sent; received messages are
	// still delivered until the peer's close arrives.
	StateCloseSent
	// StateCloseReceived: the peer's close arrived and the reply is
	// queued in [Conn.AppendOutgoing] (or the driver sends its own with
	// [Conn.AppendClose]); further received bytes are discarded.
	StateCloseReceived
	// StateClosed: the handshake is complete or the connection failed;
	// the transport may be closed (see [Conn.ShouldCloseTransport]).
	StateClosed
)

var stateNames = [...]string{
	StateOpen:          "open",
	StateCloseSent:     "close sent",
	StateCloseReceived: "close received",
	StateClosed:        "closed",
}

// String returns the state's name as the table of [State] spells it in
// lower case.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "invalid state"
}

// stateInput is what can move a Conn from one State to another.
type stateInput uint8

const (
	inputCloseSent stateInput = iota
	inputCloseReceived
	inputFailure
	inputTransportEnded
	numStateInputs
)

var stateInputNames = [numStateInputs]string{
	inputCloseSent:      "close sent",
	inputCloseReceived:  "close received",
	inputFailure:        "failure",
	inputTransportEnded: "transport ended",
}

// noState marks an input that cannot occur in a state.
const noState State = 0xFF

// stateTransitions is the table of [State]'s documentation; rows are
// states, columns inputs.
var stateTransitions = [...][numStateInputs]State{
	StateOpen:          {StateCloseSent, StateCloseReceived, StateClosed, StateClosed},
	StateCloseSent:     {noState, StateClosed, StateClosed, StateClosed},
	StateCloseReceived: {StateClosed, noState, noState, StateClosed},
	StateClosed:        {noState, noState, noState, StateClosed},
}

// transition moves c along the table. The callers check that the input
// can occur, so a missing entry is a bug of this package.
func (c *Conn) transition(in stateInput) {
	next := stateTransitions[c.state][in]
	if next == noState {
		impossibleTransition(c.state, in)
	}
	c.state = next
}

func impossibleTransition(s State, in stateInput) {
	panic("wsframe: Conn moved by " + stateInputNames[in] + " in state " + s.String())
}
