package wshandshake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// negotiateDeflate runs the server side on one Sec-WebSocket-Extensions
// line and returns the agreed parameters and the response value.
func negotiateDeflate(t *testing.T, cfg DeflateConfig, offer string) (Accepted, string) {
	t.Helper()
	ext := ValuesOf([][]byte{[]byte(offer)})
	var none Values
	var a Accepted
	if err := negotiate(&a, &none, &ext, &ServerConfig{Deflate: &cfg}); err != nil {
		t.Fatalf("negotiate(%q): %v", offer, err)
	}
	return a, string(a.AppendExtensionsResponse(nil))
}

func TestDeflateServerNegotiation(t *testing.T) {
	tests := []struct {
		name  string
		cfg   DeflateConfig
		offer string
		resp  string // "" when declined
		want  DeflateParams
	}{
		{name: "plain", offer: "permessage-deflate",
			resp: "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "name case", offer: "Permessage-Deflate",
			resp: "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "chromium offer", offer: "permessage-deflate; client_max_window_bits",
			resp: "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "limit client window", cfg: DeflateConfig{ClientMaxWindowBits: 10},
			offer: "permessage-deflate; client_max_window_bits",
			resp:  "permessage-deflate; client_max_window_bits=10", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 10}},
		{name: "client promise is smaller", cfg: DeflateConfig{ClientMaxWindowBits: 12},
			offer: "permessage-deflate; client_max_window_bits=9",
			resp:  "permessage-deflate; client_max_window_bits=9", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 9}},
		{name: "no client window in offer", cfg: DeflateConfig{ClientMaxWindowBits: 10},
			offer: "permessage-deflate",
			resp:  "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "server window 15 offered", offer: "permessage-deflate; server_max_window_bits=15",
			resp: "permessage-deflate; server_max_window_bits=15", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "small server window declined", offer: "permessage-deflate; server_max_window_bits=10"},
		{name: "small server window next offer", offer: "permessage-deflate; server_max_window_bits=10, permessage-deflate",
			resp: "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "small server window allowed", cfg: DeflateConfig{MinServerWindowBits: 8},
			offer: "permessage-deflate; server_max_window_bits=10",
			resp:  "permessage-deflate; server_max_window_bits=10", want: DeflateParams{ServerMaxWindowBits: 10, ClientMaxWindowBits: 15}},
		{name: "server announces its window", cfg: DeflateConfig{ServerMaxWindowBits: 12, MinServerWindowBits: 8},
			offer: "permessage-deflate",
			resp:  "permessage-deflate; server_max_window_bits=12", want: DeflateParams{ServerMaxWindowBits: 12, ClientMaxWindowBits: 15}},
		{name: "server no context takeover asked", offer: "permessage-deflate; server_no_context_takeover",
			resp: "permessage-deflate; server_no_context_takeover",
			want: DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "server no context takeover configured", cfg: DeflateConfig{ServerNoContextTakeover: true},
			offer: "permessage-deflate", resp: "permessage-deflate; server_no_context_takeover",
			want: DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "client no context takeover hint repeated", offer: "permessage-deflate; client_no_context_takeover",
			resp: "permessage-deflate; client_no_context_takeover",
			want: DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "client no context takeover required", cfg: DeflateConfig{ClientNoContextTakeover: true},
			offer: "permessage-deflate", resp: "permessage-deflate; client_no_context_takeover",
			want: DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "quoted value", offer: `permessage-deflate; client_max_window_bits="10"`,
			resp: "permessage-deflate; client_max_window_bits=10", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 10}},
		{name: "unknown param declined", offer: "permessage-deflate; x=1"},
		{name: "repeated param declined", offer: "permessage-deflate; client_no_context_takeover; client_no_context_takeover"},
		{name: "flag with value declined", offer: "permessage-deflate; server_no_context_takeover=1"},
		{name: "bits 16 declined", offer: "permessage-deflate; client_max_window_bits=16"},
		{name: "bits 7 declined", offer: "permessage-deflate; client_max_window_bits=7"},
		{name: "leading zero declined", offer: "permessage-deflate; client_max_window_bits=09"},
		{name: "server bits without value declined", offer: "permessage-deflate; server_max_window_bits"},
		{name: "invalid first, valid second", offer: "permessage-deflate; x, permessage-deflate; client_no_context_takeover",
			resp: "permessage-deflate; client_no_context_takeover",
			want: DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "first acceptable wins", offer: "permessage-deflate; client_max_window_bits=9, permessage-deflate",
			resp: "permessage-deflate; client_max_window_bits=9", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 9}},
		{name: "other extension ignored", offer: "x-foo; a=1, permessage-deflate",
			resp: "permessage-deflate", want: DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, resp := negotiateDeflate(t, tt.cfg, tt.offer)
			if resp != tt.resp {
				t.Fatalf("response %q, want %q", resp, tt.resp)
			}
			if tt.resp == "" {
				if a.Deflate {
					t.Fatal("declined offer but Deflate is set")
				}
				return
			}
			if diff := cmp.Diff(tt.want, a.DeflateParams); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeflateConfigChecked(t *testing.T) {
	ext := ValuesOf([][]byte{[]byte("permessage-deflate")})
	var none Values
	err := negotiate(new(Accepted), &none, &ext, &ServerConfig{Deflate: &DeflateConfig{ServerMaxWindowBits: 16}})
	checkErr(t, err, ErrInvalidConfig)
	// A window below what the compressor can be limited to: found by
	// fuzz.FuzzHandshake, where it let the two ends disagree.
	err = negotiate(new(Accepted), &none, &ext, &ServerConfig{Deflate: &DeflateConfig{ServerMaxWindowBits: 9}})
	checkErr(t, err, ErrInvalidConfig)
}

// TestDeflateBothEndsAgree runs whole handshakes for lists of offers
// against server policies: whichever offer the server takes, the client
// must arrive at the same parameters from the response alone.
func TestDeflateBothEndsAgree(t *testing.T) {
	offerLists := [][]DeflateOffer{
		{{ServerMaxWindowBits: 9}, {ClientNoContextTakeover: true}},
		{{ClientMaxWindowBits: 9}, {}},
		{{}, {ClientMaxWindowBits: 9}},
		{{ServerNoContextTakeover: true}, {ClientNoContextTakeover: true, AllowClientMaxWindowBits: true}},
		{{AllowClientMaxWindowBits: true}, {ClientMaxWindowBits: 10}},
		{{ServerMaxWindowBits: 10, ClientNoContextTakeover: true}, {ServerMaxWindowBits: 12}, {}},
	}
	configs := []DeflateConfig{
		{},
		{ClientNoContextTakeover: true},
		{ServerNoContextTakeover: true},
		{ClientMaxWindowBits: 11},
		{ServerMaxWindowBits: 12, MinServerWindowBits: 10},
		{MinServerWindowBits: 8, ClientMaxWindowBits: 8},
	}
	for i, offers := range offerLists {
		for j, dc := range configs {
			dc := dc
			ccfg := &ClientConfig{Host: "example.com", Deflate: offers}
			key := rfcKey()
			reqBytes, err := AppendRequest(nil, ccfg, &key)
			if err != nil {
				t.Fatal(err)
			}
			var req Request
			if _, err := ParseRequest(reqBytes, &req, nil); err != nil {
				t.Fatal(err)
			}
			server, err := ValidateRequest(&req, &ServerConfig{Deflate: &dc})
			if err != nil {
				t.Fatalf("offers %d, config %d: %v", i, j, err)
			}
			respBytes, err := AppendResponse(nil, &server, nil)
			if err != nil {
				t.Fatal(err)
			}
			var resp Response
			if _, err := ParseResponse(respBytes, &resp, nil); err != nil {
				t.Fatal(err)
			}
			client, err := VerifyResponse(&resp, ccfg, &key)
			if err != nil {
				t.Fatalf("offers %d, config %d: client refused %q: %v", i, j, respBytes, err)
			}
			if diff := cmp.Diff(server.Negotiated, client); diff != "" {
				t.Errorf("offers %d, config %d: ends disagree (-server +client):\n%s", i, j, diff)
			}
		}
	}
}

func TestDeflateClientCheck(t *testing.T) {
	tests := []struct {
		name  string
		offer DeflateOffer
		resp  string
		want  *DeflateParams // nil: rejected
	}{
		{name: "plain", resp: "permessage-deflate",
			want: &DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "server no takeover unasked", resp: "permessage-deflate; server_no_context_takeover",
			want: &DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "server no takeover asked but missing", offer: DeflateOffer{ServerNoContextTakeover: true},
			resp: "permessage-deflate"},
		{name: "client no takeover imposed", resp: "permessage-deflate; client_no_context_takeover",
			want: &DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "client no takeover promised", offer: DeflateOffer{ClientNoContextTakeover: true}, resp: "permessage-deflate",
			want: &DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		{name: "server window smaller", offer: DeflateOffer{ServerMaxWindowBits: 12},
			resp: "permessage-deflate; server_max_window_bits=10",
			want: &DeflateParams{ServerMaxWindowBits: 10, ClientMaxWindowBits: 15}},
		{name: "server window larger than offer", offer: DeflateOffer{ServerMaxWindowBits: 12},
			resp: "permessage-deflate; server_max_window_bits=13"},
		{name: "server window missing", offer: DeflateOffer{ServerMaxWindowBits: 12}, resp: "permessage-deflate"},
		{name: "server window unasked", resp: "permessage-deflate; server_max_window_bits=9",
			want: &DeflateParams{ServerMaxWindowBits: 9, ClientMaxWindowBits: 15}},
		{name: "client window unoffered", resp: "permessage-deflate; client_max_window_bits=10"},
		{name: "client window offered", offer: DeflateOffer{AllowClientMaxWindowBits: true},
			resp: "permessage-deflate; client_max_window_bits=10",
			want: &DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 10}},
		{name: "client window above promise", offer: DeflateOffer{ClientMaxWindowBits: 10},
			resp: "permessage-deflate; client_max_window_bits=11"},
		{name: "client promise kept", offer: DeflateOffer{ClientMaxWindowBits: 10}, resp: "permessage-deflate",
			want: &DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 10}},
		{name: "repeated param", resp: "permessage-deflate; server_no_context_takeover; server_no_context_takeover"},
		{name: "bad bits", resp: "permessage-deflate; server_max_window_bits=20"},
	}
	key := rfcKey()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &ClientConfig{Host: "h", Deflate: []DeflateOffer{tt.offer}}
			var resp Response
			if _, err := ParseResponse([]byte(withResponseField("Sec-WebSocket-Extensions: "+tt.resp)), &resp, nil); err != nil {
				t.Fatal(err)
			}
			n, err := VerifyResponse(&resp, cfg, &key)
			if tt.want == nil {
				checkErr(t, err, ErrBadDeflateResponse)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(*tt.want, n.DeflateParams); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDeflateClientSecondOffer: a response that fits only the second offer
// is accepted with the second offer's terms.
func TestDeflateClientSecondOffer(t *testing.T) {
	key := rfcKey()
	cfg := &ClientConfig{Host: "h", Deflate: []DeflateOffer{
		{ServerNoContextTakeover: true},
		{ClientMaxWindowBits: 11},
	}}
	var resp Response
	if _, err := ParseResponse([]byte(withResponseField("Sec-WebSocket-Extensions: permessage-deflate")), &resp, nil); err != nil {
		t.Fatal(err)
	}
	n, err := VerifyResponse(&resp, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	want := DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 11}
	if diff := cmp.Diff(want, n.DeflateParams); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestDeflateSettings(t *testing.T) {
	n := Negotiated{Deflate: true, DeflateParams: DeflateParams{
		ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 10,
	}}
	server := DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 10, OwnNoContextTakeover: true}
	client := DeflateSettings{Enabled: true, OwnMaxWindowBits: 10, PeerMaxWindowBits: 15, PeerNoContextTakeover: true}
	if diff := cmp.Diff(server, n.DeflateSettings(true)); diff != "" {
		t.Errorf("server (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(client, n.DeflateSettings(false)); diff != "" {
		t.Errorf("client (-want +got):\n%s", diff)
	}
	var off Negotiated
	if off.DeflateSettings(true).Enabled {
		t.Error("settings enabled without deflate")
	}
}

// TestCommonDeflateOffersAgreeWithLexer checks the offers that negotiate
// recognises byte for byte against the lexer: each line lexes to one
// valid permessage-deflate offer with the same parameters and nothing
// more, and negotiating it alone (the shortcut) and followed by an empty
// line (the lexer) agrees under several configs.
func TestCommonDeflateOffersAgreeWithLexer(t *testing.T) {
	configs := []*DeflateConfig{
		nil,
		{},
		{ServerNoContextTakeover: true, ClientNoContextTakeover: true},
		{ServerMaxWindowBits: 10, MinServerWindowBits: 9, ClientMaxWindowBits: 9},
		{ClientMaxWindowBits: 8},
	}
	var none Values
	for _, o := range commonDeflateOffers {
		lx := extLexer{s: []byte(o.line)}
		if ok, err := lx.next(); !ok || err != nil || lx.it.isParam || !deflateName.equal(lx.it.name) {
			t.Fatalf("%q does not start with permessage-deflate: %v, %v", o.line, ok, err)
		}
		w, valid, err := readDeflateParams(&lx, false)
		if err != nil || !valid || w != o.offer {
			t.Fatalf("%q lexes to %+v, valid %v, %v; table says %+v", o.line, w, valid, err, o.offer)
		}
		if ok, err := lx.next(); ok || err != nil {
			t.Fatalf("%q holds more than one offer: %v", o.line, err)
		}
		for _, cfg := range configs {
			shortcut := ValuesOf([][]byte{[]byte(o.line)})
			lexed := ValuesOf([][]byte{[]byte(o.line), nil})
			var got, want Accepted
			if err := negotiate(&got, &none, &shortcut, &ServerConfig{Deflate: cfg}); err != nil {
				t.Fatal(err)
			}
			if err := negotiate(&want, &none, &lexed, &ServerConfig{Deflate: cfg}); err != nil {
				t.Fatal(err)
			}
			if got.Deflate != want.Deflate || got.DeflateParams != want.DeflateParams || got.deflateResp != want.deflateResp {
				t.Fatalf("%q under %+v: shortcut %v %+v %+v, lexer %v %+v %+v", o.line, cfg,
					got.Deflate, got.DeflateParams, got.deflateResp, want.Deflate, want.DeflateParams, want.deflateResp)
			}
			if cfg != nil && !got.Deflate {
				t.Fatalf("%q under %+v declined", o.line, cfg)
			}
		}
	}
}
