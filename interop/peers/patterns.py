"""Message payloads shared by the Python peers of the interoperability suite.

The same definitions live in patterns.mjs and interop_test.go; README.md
states them, and the suite compares SHA-256 digests, so all copies must agree.
"""

import os

MIB = 1 << 20

# Payload lengths every echo case is run with: each side of the 7-bit,
# 16-bit and 64-bit length boundaries, then large messages.
SIZES = [
    ("0", 0),
    ("125", 125),
    ("126", 126),
    ("65535", 65535),
    ("65536", 65536),
    ("1MiB", MIB),
    ("16MiB", 16 * MIB),
]

# Whether the server under test is expected to accept permessage-deflate:
# yes, unless WSCODEC_EXPECT_DEFLATE=0 says it declines every offer.
EXPECT_DEFLATE = os.environ.get("WSCODEC_EXPECT_DEFLATE") != "0"

_ALPHABET = bytes(range(0x61, 0x61 + 26))
_BYTES251 = bytes(range(251))


def ascii_text(n):
    """n bytes of lowercase letters: byte i is 'a' + i mod 26."""
    return (_ALPHABET * (n // 26 + 1))[:n].decode("ascii")


def utf8_text(n):
    """A string whose UTF-8 encoding is exactly n bytes: whole copies of the
    10-byte unit "aé€😀" (1-, 2-, 3- and 4-byte sequences), then n mod 10
    bytes of 'a'."""
    return "aé€😀" * (n // 10) + "a" * (n % 10)


def binary_bytes(n):
    """n bytes where byte i is i mod 251: a prime period, so the pattern never
    lines up with the 4-byte mask or with 256."""
    return (_BYTES251 * (n // 251 + 1))[:n]


def many_messages():
    """The messages of the deflate/many-on-one-connection cases, as in
    patterns.mjs: similar but not equal text, so that context takeover has
    earlier messages to refer to, and a few binary ones in between."""
    msgs = []
    for i in range(200):
        if i % 10 == 9:
            msgs.append(binary_bytes(500 + i))
        else:
            msgs.append(f"message {i}: " + ascii_text(100 + 37 * i))
    return msgs
