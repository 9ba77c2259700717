package wshandshake

import "bytes"

// OriginPolicy decides which Origin a server accepts (RFC 6455 §4.2.2
// step 4, §10.2). Browsers always send Origin and cannot forge it, so the
// check keeps other sites' pages from opening connections with the user's
// cookies; other clients usually send none.
//
// The zero OriginPolicy is same-origin: an Origin is accepted when its
// host and port equal the request's Host (the scheme's default port may be
// left out of either), and a request without Origin is accepted. The host
// of a request whose target is an absolute URI is the one in that URI, not
// the Host field (RFC 9112 §3.2.2).
type OriginPolicy struct {
	// Allow, if not empty, replaces the same-origin rule by a list of
	// allowed origins, compared without regard to ASCII case. An entry is
	// an origin ("https://example.com:8443"), an origin whose host
	// starts with "*." to allow every subdomain ("https://*.example.com"
	// allows "https://a.example.com" but not "https://example.com"), or
	// "*" to allow any origin.
	Allow []string
	// Check, if set, replaces both rules: it reports whether origin is
	// allowed on a request to host, the request's host as described
	// above. It is not called when Origin is absent. The slices alias the
	// request buffer.
	Check func(origin, host []byte) bool
	// RequireOrigin rejects requests without Origin.
	RequireOrigin bool
}

// allows reports whether the policy accepts origin (nil when absent) on a
// request to host.
func (p *OriginPolicy) allows(origin, host []byte) bool {
	if origin == nil {
		return !p.RequireOrigin
	}
	switch {
	case p.Check != nil:
		return p.Check(origin, host)
	case len(p.Allow) > 0:
		for _, pat := range p.Allow {
			if matchOrigin(pat, origin) {
				return true
			}
		}
		return false
	default:
		return sameOrigin(origin, host)
	}
}

// sameOrigin reports whether origin ("scheme://host[:port]", RFC 6454 §7)
// names the authority host.
func sameOrigin(origin, host []byte) bool {
	// The usual case: a scheme, "://" and exactly the Host. The scheme
	// holds no ':', so this "://" is the first one, which the general
	// case below looks for.
	if i := len(origin) - len(host) - 3; len(host) > 0 && i > 0 && string(origin[i:i+3]) == "://" &&
		string(origin[i+3:]) == string(host) && bytes.IndexByte(origin[:i], ':') < 0 {
		return true
	}
	i := bytes.Index(origin, []byte("://"))
	if i <= 0 || len(host) == 0 {
		return false // also "null", the origin of sandboxed and file pages
	}
	scheme, auth := origin[:i], origin[i+3:]
	if equalFold(auth, host) {
		return true
	}
	var port string
	switch {
	case equalFoldLower(scheme, "http"), equalFoldLower(scheme, "ws"):
		port = ":80"
	case equalFoldLower(scheme, "https"), equalFoldLower(scheme, "wss"):
		port = ":443"
	default:
		return false
	}
	// One side may spell the default port out.
	return (len(host) == len(auth)+len(port) && equalFold(host[:len(auth)], auth) && string(host[len(auth):]) == port) ||
		(len(auth) == len(host)+len(port) && equalFold(auth[:len(host)], host) && string(auth[len(host):]) == port)
}

// matchOrigin reports whether origin matches the Allow entry pattern.
func matchOrigin(pattern string, origin []byte) bool {
	if pattern == "*" {
		return true
	}
	i := indexString(pattern, "://")
	if i < 0 || len(origin) < i+3 || !equalFold(origin[:i+3], pattern[:i+3]) {
		return false
	}
	pat, auth := pattern[i+3:], origin[i+3:]
	if len(pat) < 2 || pat[:2] != "*." {
		return equalFold(auth, pat)
	}
	suffix := pat[1:] // ".example.com[:port]"
	if len(auth) <= len(suffix) || !equalFold(auth[len(auth)-len(suffix):], suffix) {
		return false
	}
	sub := auth[:len(auth)-len(suffix)]
	return bytes.IndexByte(sub, ':') < 0 && bytes.IndexByte(sub, '/') < 0 && sub[0] != '.'
}

func indexString(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
