"""py_server: an echo server built on Python `websockets` that follows the
same contract as examples/echo (../README.md). It is the second peer server
our client is tested against. Usage: python3 py_server.py -addr 127.0.0.1:PORT
"""

import argparse
import asyncio
import http
import re
import signal
import sys
from urllib.parse import parse_qs, urlsplit

import websockets

PREFERENCES = ["echo.v2", "echo.v1"]
MAX_MESSAGE = 32 << 20
PAGE = b"""<!doctype html>
<meta charset="utf-8">
<title>echo</title>
<p>WebSocket echo endpoint: <code>/echo</code></p>
"""


def select_subprotocol(offered, _supported):
    for p in PREFERENCES:
        if p in offered:
            return p
    return None


async def process_request(path, headers):
    target = urlsplit(path).path
    if target == "/" and "upgrade" not in headers.get("Connection", "").lower():
        return http.HTTPStatus.OK, [("Content-Type", "text/html; charset=utf-8")], PAGE
    if target != "/echo":
        return http.HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], b"not found\n"
    return None


async def echo(ws):
    query = parse_qs(urlsplit(ws.path).query)
    close_code = int(query["close"][0]) if "close" in query else 0
    reason = query.get("reason", [""])[0]
    after = int(query.get("after", ["0"])[0])
    if close_code and after == 0:
        await ws.close(close_code, reason)
        return
    echoed = 0
    async for message in ws:
        await ws.send(message)
        echoed += 1
        if close_code and echoed == after:
            await ws.close(close_code, reason)
            return


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-addr", required=True)
    args = parser.parse_args()
    m = re.fullmatch(r"127\.0\.0\.1:(\d+)", args.addr)
    if not m:
        sys.exit("py_server: -addr must be 127.0.0.1:PORT")
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(
        echo,
        "127.0.0.1",
        int(m.group(1)),
        compression="deflate",
        max_size=MAX_MESSAGE,
        subprotocols=PREFERENCES,
        select_subprotocol=select_subprotocol,
        process_request=process_request,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
