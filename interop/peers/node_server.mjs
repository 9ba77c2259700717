// node_server is an echo server built on the `ws` package that follows the
// same contract as examples/echo (../README.md): the peer server our client
// is tested against, and a stand-in for examples/echo while validating the
// suite itself. Usage: node node_server.mjs -addr 127.0.0.1:PORT

import http from 'node:http';
import { WebSocketServer } from 'ws';

const preferences = ['echo.v2', 'echo.v1'];
const maxMessage = 32 << 20;

const addrAt = process.argv.indexOf('-addr');
const addr = addrAt > 0 ? process.argv[addrAt + 1] : '';
const m = /^127\.0\.0\.1:(\d+)$/.exec(addr || '');
if (!m) {
  process.stderr.write('usage: node node_server.mjs -addr 127.0.0.1:PORT\n');
  process.exit(2);
}

const page = `<!doctype html>
<meta charset="utf-8">
<title>echo</title>
<p>WebSocket echo endpoint: <code>/echo</code></p>
`;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

// permessage-deflate is accepted with ws's defaults (compressing messages
// of 1 KiB or more, with context takeover); on /echo?no_context_takeover
// the server also demands no context takeover both ways.
const options = {
  noServer: true,
  maxPayload: maxMessage,
  handleProtocols: (offered) => preferences.find((p) => offered.has(p)) ?? false,
};
const wss = new WebSocketServer({ ...options, perMessageDeflate: true });
const wssNoContextTakeover = new WebSocketServer({
  ...options,
  perMessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0 },
});

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname !== '/echo') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  const server = url.searchParams.has('no_context_takeover') ? wssNoContextTakeover : wss;
  server.handleUpgrade(req, socket, head, (ws) => serve(ws, url.searchParams));
});

function serve(ws, params) {
  const closeCode = params.has('close') ? Number(params.get('close')) : 0;
  const reason = params.get('reason') ?? '';
  const after = Number(params.get('after') ?? '0');
  let echoed = 0;
  if (closeCode && after === 0) {
    ws.close(closeCode, reason);
    return;
  }
  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(data, { binary: isBinary });
    echoed++;
    if (closeCode && echoed === after) ws.close(closeCode, reason);
  });
  ws.on('error', () => {});
}

server.listen(Number(m[1]), '127.0.0.1', () => {
  process.stdout.write(`listening on ws://127.0.0.1:${server.address().port}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
