"""py_client runs every client case of the interoperability suite with
Python `websockets` against a server that follows the echo contract in
../README.md. Usage: python3 py_client.py ws://127.0.0.1:PORT
It prints one JSON line: {"peer", "direction", "cases": [{name, ok, reason, ms}]}.
"""

import asyncio
import hashlib
import json
import sys
import time
from urllib.parse import quote

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

from patterns import EXPECT_DEFLATE, MIB, SIZES, ascii_text, binary_bytes, many_messages, utf8_text


class CaseFailed(Exception):
    pass


def check(cond, message):
    if not cond:
        raise CaseFailed(message)


def digest(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def describe(message):
    kind = "text" if isinstance(message, str) else "binary"
    return f"{kind} of {len(message.encode('utf-8') if kind == 'text' else message)} bytes"


async def connect(base, path, subprotocols=None, compression=None, extensions=None):
    return await asyncio.wait_for(
        websockets.connect(
            base + path,
            subprotocols=subprotocols,
            compression=compression,
            extensions=extensions,
            max_size=64 * MIB,
            open_timeout=5,
            close_timeout=5,
            ping_interval=None,
        ),
        5,
    )


async def expect_echo(ws, sent, timeout=20):
    got = await asyncio.wait_for(ws.recv(), timeout)
    check(type(got) is type(sent), f"echo type: got {describe(got)}, want {describe(sent)}")
    check(len(got) == len(sent), f"echo length: got {describe(got)}, want {describe(sent)}")
    check(digest(got) == digest(sent), "echo content differs (sha256 mismatch)")


async def close_and_expect(ws, code, reason):
    await asyncio.wait_for(ws.close(code, reason), 5)
    rcvd = ws.close_rcvd
    check(rcvd is not None, "no close frame received")
    check(rcvd.code == code, f"close code: got {rcvd.code}, want {code}")
    check(rcvd.reason == reason, f"close reason: got {rcvd.reason!r}, want {reason!r}")


def build_cases(base):
    cases = []

    def case(name, timeout):
        def register(fn):
            cases.append((name, timeout, fn))
            return fn

        return register

    def echo_case(make, n):
        async def run():
            data = make(n)
            ws = await connect(base, "/echo")
            await ws.send(data)
            await expect_echo(ws, data)
            await close_and_expect(ws, 1000, "")

        return run

    for label, n in SIZES:
        timeout = 60 if n >= MIB else 10
        cases.append((f"echo/text/{label}", timeout, echo_case(ascii_text, n)))
        cases.append((f"echo/utf8/{label}", timeout, echo_case(utf8_text, n)))
        cases.append((f"echo/binary/{label}", timeout, echo_case(binary_bytes, n)))

    @case("echo/several-on-one-connection", 10)
    async def several():
        msgs = ["hello", binary_bytes(300), utf8_text(126), ""]
        ws = await connect(base, "/echo")
        for m in msgs:
            await ws.send(m)
        for m in msgs:
            await expect_echo(ws, m)
        await close_and_expect(ws, 1000, "")

    @case("fragmented/text", 10)
    async def fragmented_text():
        # websockets encodes each str fragment on its own, so fragments end
        # on code point boundaries here; node_client cuts through them.
        data = utf8_text(65536)
        pieces = [data[i : i + 700] for i in range(0, len(data), 700)]
        ws = await connect(base, "/echo")
        await ws.send(pieces)
        await expect_echo(ws, data)
        await close_and_expect(ws, 1000, "")

    @case("fragmented/binary-with-empty-fragments", 10)
    async def fragmented_binary():
        data = binary_bytes(70000)
        cuts = [0, 0, 1, 126, 126, 65536, 70000]
        pieces = [data[a:b] for a, b in zip(cuts, cuts[1:])]
        ws = await connect(base, "/echo")
        await ws.send(pieces)
        await expect_echo(ws, data)
        await close_and_expect(ws, 1000, "")

    @case("fragmented/ping-between-fragments", 10)
    async def fragmented_ping():
        data = utf8_text(3000)
        ws = await connect(base, "/echo")
        waiters = []

        async def pieces():
            for i in range(3):
                yield data[i * 1000 : (i + 1) * 1000]
                if i < 2:
                    waiters.append(await ws.ping(f"between-{i}".encode()))

        await ws.send(pieces())
        await expect_echo(ws, data)
        await asyncio.wait_for(asyncio.gather(*waiters), 5)
        await close_and_expect(ws, 1000, "")

    for label, payload in [
        ("empty", b""),
        ("utf8", "wscodec ping ✓".encode()),
        ("125-bytes", binary_bytes(125)),
    ]:

        def ping_case(payload=payload):
            async def run():
                ws = await connect(base, "/echo")
                # websockets resolves the waiter only on a pong carrying the
                # same payload, so a wrong payload shows up as a timeout.
                waiter = await ws.ping(payload)
                try:
                    await asyncio.wait_for(waiter, 5)
                except asyncio.TimeoutError:
                    raise CaseFailed(f"no pong carrying {payload.hex()!r} within 5 s")
                await close_and_expect(ws, 1000, "")

            return run

        cases.append((f"ping/{label}", 10, ping_case()))

    @case("close/client-initiated-with-reason", 10)
    async def client_close():
        ws = await connect(base, "/echo")
        await close_and_expect(ws, 4001, "client bye ✓")

    @case("close/client-initiated-1000", 10)
    async def client_close_1000():
        ws = await connect(base, "/echo")
        await close_and_expect(ws, 1000, "done")

    for after in (0, 2):

        def server_close_case(after=after):
            async def run():
                reason = "server bye ✓"
                ws = await connect(base, f"/echo?close=4002&reason={quote(reason)}&after={after}")
                for i in range(after):
                    await ws.send(f"message {i}")
                for i in range(after):
                    await expect_echo(ws, f"message {i}")
                try:
                    extra = await asyncio.wait_for(ws.recv(), 5)
                    raise CaseFailed(f"wanted the server's close, got a message: {describe(extra)}")
                except websockets.ConnectionClosed:
                    pass
                await asyncio.wait_for(ws.wait_closed(), 5)
                rcvd = ws.close_rcvd
                check(rcvd is not None, "connection ended without a close frame")
                check(rcvd.code == 4002, f"close code: got {rcvd.code}, want 4002")
                check(rcvd.reason == reason, f"close reason: got {rcvd.reason!r}, want {reason!r}")

            return run

        cases.append((f"close/server-initiated-after-{after}", 10, server_close_case()))

    for label, offer, want in [
        ("offer-v1-v2-selects-v2", ["echo.v1", "echo.v2"], "echo.v2"),
        ("offer-v1-selects-v1", ["echo.v1"], "echo.v1"),
        ("offer-other-selects-none", ["other"], None),
        ("offer-none-selects-none", None, None),
    ]:

        def subprotocol_case(offer=offer, want=want):
            async def run():
                ws = await connect(base, "/echo", subprotocols=offer)
                check(ws.subprotocol == want, f"subprotocol: got {ws.subprotocol!r}, want {want!r}")
                await ws.send("after negotiation")
                await expect_echo(ws, "after negotiation")
                await close_and_expect(ws, 1000, "")

            return run

        cases.append((f"subprotocol/{label}", 10, subprotocol_case()))

    @case("deflate/offer-accepted" if EXPECT_DEFLATE else "deflate/offer-declined", 10)
    async def deflate():
        ws = await connect(base, "/echo", compression="deflate")
        names = [ext.name for ext in ws.extensions]
        accepted = "permessage-deflate" in names
        want = "accepted" if EXPECT_DEFLATE else "declined"
        check(accepted == EXPECT_DEFLATE, f"extensions: got {names}, want permessage-deflate {want}")
        data = ascii_text(10000)
        await ws.send(data)
        await expect_echo(ws, data)
        await close_and_expect(ws, 1000, "")

    if EXPECT_DEFLATE:

        async def deflate_connect(extensions=None):
            ws = await connect(base, "/echo", compression="deflate" if extensions is None else None, extensions=extensions)
            names = [ext.name for ext in ws.extensions]
            check("permessage-deflate" in names, f"extensions: got {names}, want permessage-deflate")
            return ws

        def deflate_echo_case(data):
            async def run():
                ws = await deflate_connect()
                await ws.send(data)
                await expect_echo(ws, data, timeout=60)
                await close_and_expect(ws, 1000, "")

            return run

        for label, data in [
            ("text-1MiB", ascii_text(MIB)),
            ("text-16MiB", ascii_text(16 * MIB)),
            ("utf8-1MiB", utf8_text(MIB)),
            ("binary-1MiB", binary_bytes(MIB)),
        ]:
            cases.append((f"deflate/{label}", 60, deflate_echo_case(data)))

        async def many(extensions=None):
            ws = await deflate_connect(extensions)
            msgs = many_messages()
            for m in msgs:
                await ws.send(m)
            for m in msgs:
                await expect_echo(ws, m)
            await close_and_expect(ws, 1000, "")

        @case("deflate/many-on-one-connection", 30)
        async def deflate_many():
            await many()

        @case("deflate/fragmented", 10)
        async def deflate_fragmented():
            data = utf8_text(65536)
            ws = await deflate_connect()
            await ws.send([data[i : i + 700] for i in range(0, len(data), 700)])
            await expect_echo(ws, data)
            await close_and_expect(ws, 1000, "")

        @case("deflate/no-context-takeover", 30)
        async def deflate_no_context_takeover():
            factory = ClientPerMessageDeflateFactory(
                server_no_context_takeover=True,
                client_no_context_takeover=True,
                compress_settings={"memLevel": 5},
            )
            await many([factory])

    return cases


async def main():
    if len(sys.argv) != 2 or not sys.argv[1].startswith("ws://"):
        sys.exit("usage: python3 py_client.py ws://HOST:PORT")
    results = []
    for name, timeout, fn in build_cases(sys.argv[1]):
        started = time.monotonic()
        ok, reason = True, ""
        try:
            await asyncio.wait_for(fn(), timeout)
        except asyncio.TimeoutError:
            ok, reason = False, f"timed out after {timeout} s"
        except Exception as err:  # every failure becomes a reported reason
            ok, reason = False, f"{type(err).__name__}: {err}"
        ms = int((time.monotonic() - started) * 1000)
        results.append({"name": name, "ok": ok, "reason": reason, "ms": ms})
    report = {"peer": "python-websockets", "direction": "peer client -> server under test", "cases": results}
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
