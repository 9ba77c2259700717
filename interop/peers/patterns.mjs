// Message payloads shared by every peer of the interoperability suite. The
// same definitions live in patterns.py and interop_test.go; README.md states
// them, and the suite compares SHA-256 digests, so all copies must agree.

// asciiText returns n bytes of lowercase letters: byte i is 'a' + i mod 26.
export function asciiText(n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = 0x61 + (i % 26);
  return new TextDecoder().decode(b);
}

// utf8Text returns a string whose UTF-8 encoding is exactly n bytes: as many
// whole copies of the 10-byte unit "aé€😀" (1-, 2-, 3- and 4-byte sequences)
// as fit, then n mod 10 bytes of 'a'.
export function utf8Text(n) {
  return 'aé€😀'.repeat(Math.floor(n / 10)) + 'a'.repeat(n % 10);
}

// binaryBytes returns n bytes where byte i is i mod 251: a prime period, so
// the pattern never lines up with the 4-byte mask or with 256.
export function binaryBytes(n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

// sizes are the payload lengths every echo case is run with: each side of
// the 7-bit/16-bit/64-bit length boundaries, then large messages.
export const sizes = [
  ['0', 0],
  ['125', 125],
  ['126', 126],
  ['65535', 65535],
  ['65536', 65536],
  ['1MiB', 1 << 20],
  ['16MiB', 16 << 20],
];

// expectDeflate reports whether the server under test is expected to accept
// permessage-deflate: yes, unless WSCODEC_EXPECT_DEFLATE=0 says the server
// under test declines every offer.
export const expectDeflate = process.env.WSCODEC_EXPECT_DEFLATE !== '0';

// manyMessages are the messages of the deflate/many-on-one-connection
// cases: similar but not equal text, so that context takeover has earlier
// messages to refer to, and a few binary ones in between.
export function manyMessages() {
  const msgs = [];
  for (let i = 0; i < 200; i++) {
    if (i % 10 === 9) msgs.push([binaryBytes(500 + i), true]);
    else msgs.push([`message ${i}: ` + asciiText(100 + 37 * i), false]);
  }
  return msgs;
}
