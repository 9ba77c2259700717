// node_client runs every client case of the interoperability suite with the
// `ws` package against a server that follows the echo contract in
// ../README.md. Usage: node node_client.mjs ws://127.0.0.1:PORT
// It prints one JSON line: {"peer", "direction", "cases": [{name, ok, reason, ms}]}.

import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { asciiText, utf8Text, binaryBytes, sizes, expectDeflate, manyMessages } from './patterns.mjs';
import { runCases, withTimeout, check } from './results.mjs';

const base = process.argv[2];
if (!base || !base.startsWith('ws://')) {
  process.stderr.write('usage: node node_client.mjs ws://HOST:PORT\n');
  process.exit(2);
}

const MiB = 1 << 20;
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// Conn turns the ws event emitter into a queue that cases pull from with a
// deadline, so no case can wait forever.
class Conn {
  constructor(ws) {
    this.ws = ws;
    this.events = [];
    this.waiters = [];
    ws.on('message', (data, isBinary) => this.push({ kind: 'message', data, isBinary }));
    ws.on('pong', (data) => this.push({ kind: 'pong', data }));
    ws.on('close', (code, reason) => this.push({ kind: 'close', code, reason: reason.toString() }));
    ws.on('error', (err) => this.push({ kind: 'error', err }));
  }

  push(ev) {
    const w = this.waiters.shift();
    if (w) w(ev);
    else this.events.push(ev);
  }

  next(ms, what) {
    const ev = this.events.shift();
    if (ev) return Promise.resolve(ev);
    return withTimeout(new Promise((resolve) => this.waiters.push(resolve)), ms, what);
  }

  async expect(kind, ms, what) {
    const ev = await this.next(ms, what);
    if (ev.kind === kind) return ev;
    if (ev.kind === 'error') throw new Error(`wanted ${kind} (${what}), got error: ${ev.err.message}`);
    if (ev.kind === 'close') throw new Error(`wanted ${kind} (${what}), got close ${ev.code} ${JSON.stringify(ev.reason)}`);
    throw new Error(`wanted ${kind} (${what}), got ${ev.kind}`);
  }

  async expectEcho(data, binary, ms = 20000) {
    const ev = await this.expect('message', ms, 'the echo');
    check(ev.isBinary === binary, `echo type: got ${ev.isBinary ? 'binary' : 'text'}, want ${binary ? 'binary' : 'text'}`);
    const want = Buffer.from(data);
    check(ev.data.length === want.length, `echo length: got ${ev.data.length}, want ${want.length}`);
    check(sha256(ev.data) === sha256(want), 'echo content differs (sha256 mismatch)');
  }

  // closeAndExpect starts the close handshake and requires the server to
  // echo the code and reason.
  async closeAndExpect(code, reason) {
    this.ws.close(code, reason);
    const ev = await this.expect('close', 5000, 'the close reply');
    check(ev.code === code, `close code: got ${ev.code}, want ${code}`);
    check(ev.reason === reason, `close reason: got ${JSON.stringify(ev.reason)}, want ${JSON.stringify(reason)}`);
  }
}

function connect(path, protocols = [], options = {}) {
  const ws = new WebSocket(base + path, protocols, { maxPayload: 64 * MiB, handshakeTimeout: 5000, ...options });
  const conn = new Conn(ws);
  ws.once('upgrade', (res) => { conn.upgradeHeaders = res.headers; });
  return withTimeout(
    new Promise((resolve, reject) => {
      ws.once('open', () => resolve(conn));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    }),
    5000,
    'the opening handshake',
  );
}

async function echoCase(data, binary) {
  const conn = await connect('/echo');
  conn.ws.send(data, { binary });
  await conn.expectEcho(data, binary);
  await conn.closeAndExpect(1000, '');
}

// sendFragments sends data as one message split at the given byte lengths,
// which may cut a UTF-8 sequence in two and may include empty fragments.
function sendFragments(ws, data, binary, cuts, between = () => {}) {
  let at = 0;
  for (const cut of cuts) {
    ws.send(data.subarray(at, at + cut), { binary, fin: false });
    between();
    at += cut;
  }
  ws.send(data.subarray(at), { binary, fin: true });
}

const cases = [];
for (const [label, n] of sizes) {
  const timeout = n >= MiB ? 60000 : 10000;
  cases.push([`echo/text/${label}`, timeout, () => echoCase(asciiText(n), false)]);
  cases.push([`echo/utf8/${label}`, timeout, () => echoCase(utf8Text(n), false)]);
  cases.push([`echo/binary/${label}`, timeout, () => echoCase(binaryBytes(n), true)]);
}

cases.push(['echo/several-on-one-connection', 10000, async () => {
  const conn = await connect('/echo');
  const msgs = [['hello', false], [binaryBytes(300), true], [utf8Text(126), false], ['', false]];
  for (const [data, binary] of msgs) conn.ws.send(data, { binary });
  for (const [data, binary] of msgs) await conn.expectEcho(data, binary);
  await conn.closeAndExpect(1000, '');
}]);

cases.push(['fragmented/text-split-code-points', 10000, async () => {
  // 1000-byte fragments of the UTF-8 pattern cut 4-byte emoji in half.
  const data = Buffer.from(utf8Text(65536));
  const conn = await connect('/echo');
  sendFragments(conn.ws, data, false, Array.from({ length: 65 }, () => 1000));
  await conn.expectEcho(data, false);
  await conn.closeAndExpect(1000, '');
}]);

cases.push(['fragmented/binary-with-empty-fragments', 10000, async () => {
  const data = Buffer.from(binaryBytes(70000));
  const conn = await connect('/echo');
  sendFragments(conn.ws, data, true, [0, 1, 125, 126, 0, 65536]);
  await conn.expectEcho(data, true);
  await conn.closeAndExpect(1000, '');
}]);

cases.push(['fragmented/ping-between-fragments', 10000, async () => {
  const data = Buffer.from(utf8Text(3000));
  const conn = await connect('/echo');
  let n = 0;
  sendFragments(conn.ws, data, false, [1001, 999], () => conn.ws.ping(Buffer.from(`between-${n++}`)));
  // Control frames may be answered before the message completes, so accept
  // the pongs and the echo in any order. RFC 6455 §5.5.3 lets an endpoint
  // answer only the most recent of pings it has not answered yet, so the
  // first pong may be left out when both pings arrive together; the last
  // ping must be answered.
  const pongs = [];
  let echoed = false;
  while (!echoed || pongs[pongs.length - 1] !== 'between-1') {
    check(pongs.length <= 2, `pongs: got ${JSON.stringify(pongs)}`);
    const ev = await conn.next(5000, 'the pongs and the echo');
    if (ev.kind === 'pong') pongs.push(ev.data.toString());
    else if (ev.kind === 'message') {
      check(!echoed, 'a second message arrived');
      check(!ev.isBinary && sha256(ev.data) === sha256(data), 'echo of the fragmented message differs');
      echoed = true;
    } else throw new Error(`unexpected ${ev.kind} event`);
  }
  const order = pongs.join(',');
  check(order === 'between-0,between-1' || order === 'between-1', `pongs: got ${JSON.stringify(pongs)}`);
  await conn.closeAndExpect(1000, '');
}]);

for (const [label, payload] of [
  ['empty', Buffer.alloc(0)],
  ['utf8', Buffer.from('wscodec ping ✓')],
  ['125-bytes', Buffer.from(binaryBytes(125))],
]) {
  cases.push([`ping/${label}`, 5000, async () => {
    const conn = await connect('/echo');
    conn.ws.ping(payload);
    const ev = await conn.expect('pong', 5000, 'the pong');
    check(Buffer.compare(ev.data, payload) === 0, `pong payload: got ${ev.data.toString('hex')}, want ${payload.toString('hex')}`);
    await conn.closeAndExpect(1000, '');
  }]);
}

cases.push(['close/client-initiated-with-reason', 5000, async () => {
  const conn = await connect('/echo');
  await conn.closeAndExpect(4001, 'client bye ✓');
}]);

cases.push(['close/client-initiated-1000', 5000, async () => {
  const conn = await connect('/echo');
  await conn.closeAndExpect(1000, 'done');
}]);

for (const after of [0, 2]) {
  cases.push([`close/server-initiated-after-${after}`, 5000, async () => {
    const reason = 'server bye ✓';
    const conn = await connect(`/echo?close=4002&reason=${encodeURIComponent(reason)}&after=${after}`);
    for (let i = 0; i < after; i++) conn.ws.send(`message ${i}`);
    for (let i = 0; i < after; i++) await conn.expectEcho(`message ${i}`, false);
    const ev = await conn.expect('close', 5000, "the server's close");
    check(ev.code === 4002, `close code: got ${ev.code}, want 4002`);
    check(ev.reason === reason, `close reason: got ${JSON.stringify(ev.reason)}, want ${JSON.stringify(reason)}`);
  }]);
}

for (const [label, offer, want] of [
  ['offer-v1-v2-selects-v2', ['echo.v1', 'echo.v2'], 'echo.v2'],
  ['offer-v1-selects-v1', ['echo.v1'], 'echo.v1'],
  ['offer-none-selects-none', [], ''],
]) {
  cases.push([`subprotocol/${label}`, 5000, async () => {
    const conn = await connect('/echo', offer);
    check(conn.ws.protocol === want, `protocol: got ${JSON.stringify(conn.ws.protocol)}, want ${JSON.stringify(want)}`);
    conn.ws.send('after negotiation');
    await conn.expectEcho('after negotiation', false);
    await conn.closeAndExpect(1000, '');
  }]);
}

// RFC 6455 lets a server answer an offer with no subprotocol, but the ws
// client then fails the connection itself ("Server sent no subprotocol").
// What this peer can check is the server's 101 response: no
// Sec-WebSocket-Protocol header. The Python and browser peers check that the
// connection then goes on.
cases.push(['subprotocol/offer-other-selects-none', 5000, async () => {
  const ws = new WebSocket(base + '/echo', ['other'], { handshakeTimeout: 5000 });
  const outcome = await withTimeout(new Promise((resolve) => {
    let headers = null;
    ws.once('upgrade', (res) => { headers = res.headers; });
    ws.once('open', () => resolve({ headers, opened: true }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', (err) => resolve({ headers, error: err.message }));
  }), 5000, 'the opening handshake');
  check(outcome.headers, `no 101 response: ${outcome.error ?? 'HTTP ' + outcome.status}`);
  check(!('sec-websocket-protocol' in outcome.headers),
    `server selected ${JSON.stringify(outcome.headers['sec-websocket-protocol'])}, offered only "other"`);
  if (outcome.opened) ws.terminate();
}]);

cases.push([expectDeflate ? 'deflate/offer-accepted' : 'deflate/offer-declined', 5000, async () => {
  const conn = await connect('/echo', [], { perMessageDeflate: true });
  const accepted = conn.ws.extensions.includes('permessage-deflate');
  check(accepted === expectDeflate,
    `extensions: got ${JSON.stringify(conn.ws.extensions)}, want permessage-deflate ${expectDeflate ? 'accepted' : 'declined'}`);
  const data = asciiText(10000);
  conn.ws.send(data);
  await conn.expectEcho(data, false);
  await conn.closeAndExpect(1000, '');
}]);

// Compression in both directions: ws compresses what it sends (messages of
// 1 KiB or more by default; threshold 0 here, so all of them) and inflates
// what the server under test compressed.
const deflateOptions = { perMessageDeflate: { threshold: 0 } };

async function deflateConnect(options = deflateOptions) {
  const conn = await connect('/echo', [], options);
  check(conn.ws.extensions.includes('permessage-deflate'),
    `extensions: got ${JSON.stringify(conn.ws.extensions)}, want permessage-deflate`);
  return conn;
}

if (expectDeflate) {
  for (const [label, data, binary] of [
    ['text-1MiB', asciiText(1 << 20), false],
    ['text-16MiB', asciiText(16 << 20), false],
    ['utf8-1MiB', utf8Text(1 << 20), false],
    ['binary-1MiB', binaryBytes(1 << 20), true],
  ]) {
    cases.push([`deflate/${label}`, 60000, async () => {
      const conn = await deflateConnect();
      conn.ws.send(data, { binary });
      await conn.expectEcho(data, binary, 60000);
      await conn.closeAndExpect(1000, '');
    }]);
  }

  cases.push(['deflate/many-on-one-connection', 30000, async () => {
    const conn = await deflateConnect();
    const msgs = manyMessages();
    for (const [data, binary] of msgs) conn.ws.send(data, { binary });
    for (const [data, binary] of msgs) await conn.expectEcho(data, binary);
    await conn.closeAndExpect(1000, '');
  }]);

  cases.push(['deflate/fragmented', 10000, async () => {
    const data = Buffer.from(utf8Text(65536));
    const conn = await deflateConnect();
    sendFragments(conn.ws, data, false, Array.from({ length: 65 }, () => 1000));
    await conn.expectEcho(data, false);
    await conn.closeAndExpect(1000, '');
  }]);

  cases.push(['deflate/no-context-takeover', 30000, async () => {
    const conn = await deflateConnect({
      perMessageDeflate: { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true },
    });
    const agreed = conn.upgradeHeaders['sec-websocket-extensions'] ?? '';
    check(/server_no_context_takeover/.test(agreed),
      `response ${JSON.stringify(agreed)} does not accept server_no_context_takeover`);
    const msgs = manyMessages();
    for (const [data, binary] of msgs) conn.ws.send(data, { binary });
    for (const [data, binary] of msgs) await conn.expectEcho(data, binary);
    await conn.closeAndExpect(1000, '');
  }]);
}

cases.push(['limit/over-32MiB-closes-1009', 60000, async () => {
  const conn = await connect('/echo');
  conn.ws.send(Buffer.alloc(32 * MiB + 1), { binary: true });
  const ev = await conn.expect('close', 60000, 'the 1009 close');
  check(ev.code === 1009, `close code: got ${ev.code}, want 1009`);
}]);

await runCases('node-ws', 'peer client -> server under test', cases);
process.exit(0);
