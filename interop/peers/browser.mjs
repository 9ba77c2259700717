// browser runs the browser cases of the interoperability suite in headless
// Chromium, driven by playwright-core. It opens the page the server under
// test serves at `/`, so every WebSocket is same-origin, and runs each case
// inside that page with page.evaluate.
// Usage: node browser.mjs [--h2] http(s)://127.0.0.1:PORT/
// An https page may have a throwaway certificate: Chromium is told to
// accept any. With --h2 the page must have come over HTTP/2, and the run
// adds a case of several WebSockets open at once, which Chromium then
// multiplexes on that one HTTP/2 connection (RFC 8441).
// It prints one JSON line: {"peer", "direction", "cases": [{name, ok, reason, ms}]}.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { asciiText, utf8Text, binaryBytes, sizes, expectDeflate, manyMessages } from './patterns.mjs';
import { runCases, withTimeout, check } from './results.mjs';

const args = process.argv.slice(2);
const h2 = args[0] === '--h2';
if (h2) args.shift();
const pageURL = args[0];
if (args.length !== 1 || !/^https?:\/\/127\.0\.0\.1:/.test(pageURL) || (h2 && !pageURL.startsWith('https:'))) {
  process.stderr.write('usage: node browser.mjs [--h2] http(s)://127.0.0.1:PORT/ (--h2 needs https)\n');
  process.exit(2);
}

const executablePath = '/usr/bin/chromium';
const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
if (pageURL.startsWith('https:')) flags.push('--ignore-certificate-errors');
const MiB = 1 << 20;

// inPage is evaluated once in the page: the payload patterns plus a small
// event queue over the browser's WebSocket, every wait with a deadline.
// Each helper resolves to '' on success or to the reason it failed.
const inPage = `
window.__interop = (() => {
  ${asciiText.toString()}
  ${utf8Text.toString()}
  ${binaryBytes.toString()}
  const base = location.origin.replace(/^http/, 'ws');
  const toBytes = (d) => typeof d === 'string' ? new TextEncoder().encode(d) : new Uint8Array(d);
  async function digest(d) {
    const h = new Uint8Array(await crypto.subtle.digest('SHA-256', toBytes(d)));
    return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  function deadline(ms, what) {
    return new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms));
  }
  function connect(path, protocols) {
    const ws = new WebSocket(base + path, protocols);
    ws.binaryType = 'arraybuffer';
    const events = [];
    const waiters = [];
    const push = (ev) => { const w = waiters.shift(); if (w) w(ev); else events.push(ev); };
    ws.onmessage = (e) => push({ kind: 'message', data: e.data });
    ws.onclose = (e) => push({ kind: 'close', code: e.code, reason: e.reason, clean: e.wasClean });
    const conn = {
      ws,
      next(ms, what) {
        if (events.length) return Promise.resolve(events.shift());
        return Promise.race([new Promise((r) => waiters.push(r)), deadline(ms, what)]);
      },
      async expect(kind, ms, what) {
        const ev = await conn.next(ms, what);
        if (ev.kind === kind) return ev;
        if (ev.kind === 'close') throw new Error('wanted ' + what + ', got close ' + ev.code + ' ' + JSON.stringify(ev.reason));
        throw new Error('wanted ' + what + ', got ' + ev.kind);
      },
      async expectEcho(sent, ms) {
        const ev = await conn.expect('message', ms || 30000, 'the echo');
        const wantText = typeof sent === 'string';
        if ((typeof ev.data === 'string') !== wantText) throw new Error('echo type differs: got ' + (wantText ? 'binary' : 'text'));
        const got = toBytes(ev.data), want = toBytes(sent);
        if (got.length !== want.length) throw new Error('echo length: got ' + got.length + ', want ' + want.length);
        if (await digest(got) !== await digest(want)) throw new Error('echo content differs (sha256 mismatch)');
      },
      async expectClose(code, reason, what) {
        const ev = await conn.expect('close', 5000, what);
        if (ev.code !== code) throw new Error('close code: got ' + ev.code + ', want ' + code);
        if (ev.reason !== reason) throw new Error('close reason: got ' + JSON.stringify(ev.reason) + ', want ' + JSON.stringify(reason));
        if (!ev.clean) throw new Error('close was not clean');
      },
    };
    const opened = new Promise((resolve, reject) => {
      ws.onopen = () => resolve(conn);
      ws.onerror = () => reject(new Error('the connection failed'));
    });
    return Promise.race([opened, deadline(5000, 'the opening handshake')]);
  }
  const run = (fn) => fn().then(() => '', (err) => err.message || String(err));
  const make = { text: asciiText, utf8: utf8Text, binary: (n) => binaryBytes(n).buffer };
  return {
    echo: (kind, n) => run(async () => {
      const data = make[kind](n);
      const conn = await connect('/echo');
      conn.ws.send(data);
      await conn.expectEcho(data);
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
    several: () => run(async () => {
      const msgs = ['hello', binaryBytes(300).buffer, utf8Text(126), ''];
      const conn = await connect('/echo');
      for (const m of msgs) conn.ws.send(m);
      for (const m of msgs) await conn.expectEcho(m);
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
    clientClose: (code, reason) => run(async () => {
      const conn = await connect('/echo');
      conn.ws.close(code, reason);
      await conn.expectClose(code, reason, 'the close reply');
    }),
    serverClose: (after, reason) => run(async () => {
      const conn = await connect('/echo?close=4002&reason=' + encodeURIComponent(reason) + '&after=' + after);
      for (let i = 0; i < after; i++) conn.ws.send('message ' + i);
      for (let i = 0; i < after; i++) await conn.expectEcho('message ' + i);
      await conn.expectClose(4002, reason, "the server's close");
    }),
    subprotocol: (offer, want) => run(async () => {
      const conn = await connect('/echo', offer);
      if (conn.ws.protocol !== want) throw new Error('protocol: got ' + JSON.stringify(conn.ws.protocol) + ', want ' + JSON.stringify(want));
      conn.ws.send('after negotiation');
      await conn.expectEcho('after negotiation');
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
    offerOnly: (offer) => connect('/echo', offer).then(
      (conn) => { const p = conn.ws.protocol; conn.ws.close(1000); return { opened: true, protocol: p }; },
      (err) => ({ opened: false, error: err.message })),
    multiplexed: (sockets, messages) => run(async () => {
      const conns = await Promise.all(Array.from({ length: sockets }, (_, i) => connect('/echo?mux=' + i)));
      await Promise.all(conns.map(async (conn, i) => {
        for (let m = 0; m < messages; m++) {
          const data = m % 2 ? binaryBytes(1000 * m + i).buffer : utf8Text(1000 * m + i);
          conn.ws.send(data);
          await conn.expectEcho(data);
        }
      }));
      await Promise.all(conns.map((conn) => { conn.ws.close(1000); return conn.expectClose(1000, '', 'the close reply'); }));
    }),
    deflateEcho: (kind, n) => run(async () => {
      const data = make[kind](n);
      const conn = await connect('/echo');
      if (!conn.ws.extensions.includes('permessage-deflate')) throw new Error('extensions: got ' + JSON.stringify(conn.ws.extensions) + ', want permessage-deflate');
      conn.ws.send(data);
      await conn.expectEcho(data, 60000);
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
    deflateMany: (msgs) => run(async () => {
      const conn = await connect('/echo');
      if (!conn.ws.extensions.includes('permessage-deflate')) throw new Error('extensions: got ' + JSON.stringify(conn.ws.extensions) + ', want permessage-deflate');
      const sent = msgs.map(([text, binary]) => binary ? binaryBytes(text.length).buffer : text);
      for (const m of sent) conn.ws.send(m);
      for (const m of sent) await conn.expectEcho(m);
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
    deflate: (expectDeflate) => run(async () => {
      const conn = await connect('/echo');
      const accepted = conn.ws.extensions.includes('permessage-deflate');
      if (accepted !== expectDeflate) throw new Error('extensions: got ' + JSON.stringify(conn.ws.extensions) + ', want permessage-deflate ' + (expectDeflate ? 'accepted' : 'declined'));
      const data = asciiText(10000);
      conn.ws.send(data);
      await conn.expectEcho(data);
      conn.ws.close(1000);
      await conn.expectClose(1000, '', 'the close reply');
    }),
  };
})();
`;

const userDataDir = mkdtempSync(join(tmpdir(), 'wscodec-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: flags,
    timeout: 30000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30000);
  const response = await page.goto(pageURL, { timeout: 10000 });
  const status = response ? response.status() : 0;
  if (status !== 200) throw new Error(`GET ${pageURL}: status ${status}`);
  await page.evaluate(inPage);

  // Handshake errors as the browser's network layer reported them, for the
  // case where Chromium itself refuses the connection and the page learns
  // nothing but "error".
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const handshakeErrors = [];
  cdp.on('Network.webSocketFrameError', (e) => handshakeErrors.push(e.errorMessage));

  const inPageCase = (name, timeoutMs, fn, ...args) => [name, timeoutMs, async () => {
    const reason = await withTimeout(page.evaluate(fn, args), timeoutMs, name);
    if (reason) throw new Error(reason);
  }];

  const cases = [];
  if (h2) {
    cases.push(['h2/page-over-http2', 5000, async () => {
      const proto = await page.evaluate(() => performance.getEntriesByType('navigation')[0].nextHopProtocol);
      check(proto === 'h2', `the page came over ${JSON.stringify(proto)}, want h2`);
    }]);
  }
  for (const [label, n] of sizes) {
    // Chromium moves a 16 MiB message over HTTP/2 far more slowly than
    // over HTTP/1.1 (tens of seconds, against Go's HTTP/2 client's half
    // second on the same server), so those get more time.
    const timeout = h2 && n >= 16 * MiB ? 120000 : n >= MiB ? 60000 : 10000;
    for (const kind of ['text', 'utf8', 'binary']) {
      cases.push(inPageCase(`echo/${kind}/${label}`, timeout, ([k, size]) => window.__interop.echo(k, size), kind, n));
    }
  }
  cases.push(inPageCase('echo/several-on-one-connection', 10000, () => window.__interop.several()));
  cases.push(inPageCase('close/client-initiated-with-reason', 10000,
    ([code, reason]) => window.__interop.clientClose(code, reason), 4001, 'client bye ✓'));
  cases.push(inPageCase('close/client-initiated-1000', 10000,
    ([code, reason]) => window.__interop.clientClose(code, reason), 1000, 'done'));
  for (const after of [0, 2]) {
    cases.push(inPageCase(`close/server-initiated-after-${after}`, 10000,
      ([n, reason]) => window.__interop.serverClose(n, reason), after, 'server bye ✓'));
  }
  for (const [label, offer, want] of [
    ['offer-v1-v2-selects-v2', ['echo.v1', 'echo.v2'], 'echo.v2'],
    ['offer-v1-selects-v1', ['echo.v1'], 'echo.v1'],
    ['offer-none-selects-none', [], ''],
  ]) {
    cases.push(inPageCase(`subprotocol/${label}`, 10000,
      ([o, w]) => window.__interop.subprotocol(o, w), offer, want));
  }
  // RFC 6455 lets a server answer an offer with no subprotocol, but
  // Chromium then fails the connection itself. Its handshake error tells
  // that case ("...no response was received") apart from a server that
  // selected something never offered ("...does not match any of sent
  // values"), so that is what this case checks when the page cannot open.
  cases.push(['subprotocol/offer-other-selects-none', 10000, async () => {
    handshakeErrors.length = 0;
    const outcome = await withTimeout(page.evaluate(() => window.__interop.offerOnly(['other'])), 10000, 'the handshake');
    if (outcome.opened) {
      check(outcome.protocol === '', `protocol: got ${JSON.stringify(outcome.protocol)}, want none`);
      return;
    }
    for (let i = 0; i < 40 && handshakeErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const message = handshakeErrors.join('; ');
    check(/Sec-WebSocket-Protocol' header but no response was received/.test(message),
      `connection failed for another reason: ${message || outcome.error}`);
  }]);
  if (h2) {
    // The server's log shows whether these shared one connection.
    cases.push(inPageCase('h2/multiplexed-5-at-once', 30000,
      ([n, m]) => window.__interop.multiplexed(n, m), 5, 20));
  }
  cases.push(inPageCase(expectDeflate ? 'deflate/offer-accepted' : 'deflate/offer-declined', 10000,
    ([want]) => window.__interop.deflate(want), expectDeflate));

  if (expectDeflate) {
    // Chromium offers permessage-deflate on every connection and
    // compresses every message it sends.
    for (const [label, kind, n] of [
      ['text-1MiB', 'text', MiB],
      ['text-16MiB', 'text', 16 * MiB],
      ['utf8-1MiB', 'utf8', MiB],
      ['binary-1MiB', 'binary', MiB],
    ]) {
      cases.push(inPageCase(`deflate/${label}`, 60000, ([k, size]) => window.__interop.deflateEcho(k, size), kind, n));
    }
    // Binary messages travel as their length; the page rebuilds them.
    const many = manyMessages().map(([data, binary]) => (binary ? ['x'.repeat(data.length), true] : [data, false]));
    cases.push(inPageCase('deflate/many-on-one-connection', 30000, ([msgs]) => window.__interop.deflateMany(msgs), many));
  }

  await runCases('chromium', 'peer client -> server under test', cases);
} finally {
  if (context) await withTimeout(context.close(), 10000, 'Chromium to exit').catch(() => {});
  // Chromium may still be writing its profile while it exits; a failure
  // to clean up must not hide how the run went.
  try {
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (err) {
    process.stderr.write(`browser: leaving ${userDataDir}: ${err.message}\n`);
  }
}
process.exit(0);
