package wshandshake

import "encoding/binary"

// fieldID names a header field that a request or a response keeps.
type fieldID uint8

const (
	otherField fieldID = iota
	hostField
	originField
	upgradeField
	connectionField
	contentLengthField
	transferEncodingField
	keyField
	versionField
	protocolField
	extensionsField
	acceptField
)

// knownName is the lower-case name of a field the handshake keeps, with
// what [plainField] needs to recognise the name and its colon a word at a
// time.
type knownName struct {
	id   fieldID
	name string
	// The name is compared as three little-endian words at the offsets
	// off, which overlap as needed to cover it. A word w matches when
	// (w|fold)&keep == want: fold has 0x20 in the byte of each letter,
	// which folds an upper-case letter onto its lower-case form, while
	// '-' must match exactly; keep drops the bytes past the name when it
	// is shorter than a word.
	off              [3]int
	want, fold, keep [3]uint64
}

// knownLine is the part of a line that [plainField] looks at to recognise
// a known name: room for the longest name and its colon, and for a word
// at any offset up to 31.
type knownLine = [40]byte

// maxKnownName is the length of the longest name of a knownName.
const maxKnownName = len("sec-websocket-extensions")

var (
	hostName       = newKnownName(hostField, "host")
	originName     = newKnownName(originField, "origin")
	upgradeName    = newKnownName(upgradeField, "upgrade")
	connectionName = newKnownName(connectionField, "connection")
	contentLength  = newKnownName(contentLengthField, "content-length")
	transferEnc    = newKnownName(transferEncodingField, "transfer-encoding")
	keyName        = newKnownName(keyField, "sec-websocket-key")
	versionName    = newKnownName(versionField, "sec-websocket-version")
	protocolName   = newKnownName(protocolField, "sec-websocket-protocol")
	extensionsName = newKnownName(extensionsField, "sec-websocket-extensions")
	acceptName     = newKnownName(acceptField, "sec-websocket-accept")
)

// namesByFirst lists the known names by their first letter, the most
// common first.
var namesByFirst = func() (t [256][]*knownName) {
	for _, k := range []*knownName{
		hostName, originName, upgradeName, connectionName, contentLength,
		transferEnc, keyName, versionName, extensionsName, protocolName, acceptName,
	} {
		t[k.name[0]] = append(t[k.name[0]], k)
	}
	return t
}()

// fieldNames holds the lower-case name of each fieldID, for [Values],
// which finds a field's later lines by name.
var fieldNames = [...]string{
	hostField:             hostName.name,
	originField:           originName.name,
	upgradeField:          upgradeName.name,
	connectionField:       connectionName.name,
	contentLengthField:    contentLength.name,
	transferEncodingField: transferEnc.name,
	keyField:              keyName.name,
	versionField:          versionName.name,
	protocolField:         protocolName.name,
	extensionsField:       extensionsName.name,
	acceptField:           acceptName.name,
}

func newKnownName(id fieldID, name string) *knownName {
	k := &knownName{id: id, name: name}
	var want, fold, keep [maxKnownName + 8]byte
	n := copy(want[:], name)
	for i := 0; i < n; i++ {
		keep[i] = 0xff
		if 'a' <= want[i] && want[i] <= 'z' {
			fold[i] = 0x20
		}
	}
	last := max(n-8, 0)
	k.off = [3]int{last, min(8, last), 0}
	for i, o := range k.off {
		k.want[i] = binary.LittleEndian.Uint64(want[o:])
		k.fold[i] = binary.LittleEndian.Uint64(fold[o:])
		k.keep[i] = binary.LittleEndian.Uint64(keep[o:])
	}
	return k
}

// fieldIDOf returns the fieldID of a field name, otherField for a field
// the handshake does not keep.
func fieldIDOf(name []byte) fieldID {
	if len(name) == 0 {
		return otherField
	}
	for _, k := range namesByFirst[name[0]|0x20] {
		if equalFoldLower(name, k.name) {
			return k.id
		}
	}
	return otherField
}
