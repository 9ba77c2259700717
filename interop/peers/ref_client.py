"""ref_client: the reference implementation of the command-line contract of
examples/client (../README.md, "The client program"), built on Python
`websockets`. The suite runs it in place of examples/client when
WSCODEC_INTEROP_CLIENT_CMD points at it, which is how the suite itself is
checked.

Usage: python3 ref_client.py [-subprotocol LIST] [-binary] [-fragment N]
       [-close CODE:REASON] [-wait-close] URL MSG...
"""

import argparse
import asyncio
import hashlib
import sys

import websockets
from websockets.frames import Opcode

from patterns import ascii_text, binary_bytes, utf8_text

MAX_MESSAGE = 64 << 20


def usage(message):
    print(f"client: {message}", file=sys.stderr)
    sys.exit(2)


def payload(spec, binary):
    """The bytes a MSG argument stands for (README.md, "MSG arguments")."""
    kind, sep, arg = spec.partition(":")
    if not sep:
        usage(f"MSG {spec!r} has no KIND: prefix")
    if kind in ("size", "utf8"):
        if not arg.isdigit():
            usage(f"MSG {spec!r}: N must be a decimal number")
        n = int(arg)
        if kind == "utf8":
            return utf8_text(n).encode()
        return binary_bytes(n) if binary else ascii_text(n).encode()
    if kind == "hex":
        try:
            return bytes.fromhex(arg)
        except ValueError:
            usage(f"MSG {spec!r}: bad hex")
    if kind == "text":
        return arg.encode()
    usage(f"MSG {spec!r}: unknown KIND {kind!r}")


def parse_args():
    p = argparse.ArgumentParser(prog="client", add_help=False)
    p.add_argument("-subprotocol", default="")
    p.add_argument("-binary", action="store_true")
    p.add_argument("-fragment", type=int, default=0)
    p.add_argument("-close", default="1000:")
    p.add_argument("-wait-close", dest="wait_close", action="store_true")
    p.add_argument("url")
    p.add_argument("msgs", nargs="*")
    args = p.parse_args()
    code, sep, reason = args.close.partition(":")
    if not sep or not code.isdigit():
        usage("-close wants CODE:REASON")
    args.close_code, args.close_reason = int(code), reason
    if args.fragment < 0:
        usage("-fragment wants N >= 0")
    args.payloads = [payload(m, args.binary) for m in args.msgs]
    if not args.binary:
        for data in args.payloads:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                usage("a text MSG is not valid UTF-8")
    return args


async def send(ws, data, binary, fragment):
    if fragment == 0 or len(data) <= fragment:
        await ws.send(data if binary else data.decode())
        return
    # Fixed-size frames, cutting through UTF-8 sequences if they fall there;
    # the high-level API only fragments on whole str pieces.
    opcode = Opcode.BINARY if binary else Opcode.TEXT
    for at in range(0, len(data), fragment):
        piece = data[at : at + fragment]
        await ws.write_frame(at + fragment >= len(data), opcode, piece)
        opcode = Opcode.CONT


def show(message):
    if isinstance(message, str):
        data, kind = message.encode(), "text"
    else:
        data, kind = message, "binary"
    print(f"{kind} {len(data)} {hashlib.sha256(data).hexdigest()}", flush=True)


async def main():
    args = parse_args()
    offer = [p for p in args.subprotocol.split(",") if p] or None
    try:
        ws = await websockets.connect(
            args.url,
            subprotocols=offer,
            compression=None,
            max_size=MAX_MESSAGE,
            ping_interval=None,
            open_timeout=10,
            close_timeout=10,
        )
    except Exception as err:
        print(f"client: {err}", file=sys.stderr)
        return 1
    print(f"open {ws.subprotocol or '-'}", flush=True)
    try:
        for data in args.payloads:
            await send(ws, data, args.binary, args.fragment)
            show(await ws.recv())
        if args.wait_close:
            await ws.wait_closed()
        else:
            await ws.close(args.close_code, args.close_reason)
    except websockets.ConnectionClosed:
        pass
    await ws.wait_closed()
    rcvd = ws.close_rcvd
    if rcvd is None:
        print("close 1006 ", flush=True)
        return 1
    print(f"close {rcvd.code} {rcvd.reason}", flush=True)
    return 0 if ws.close_sent is not None else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
