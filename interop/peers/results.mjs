// A tiny case runner shared by the Node peers: each case is an async
// function that throws to fail; every case runs under its own deadline and
// the report is one JSON line on stdout, which interop_test.go parses.

export function withTimeout(promise, ms, what) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export async function runCases(peer, direction, cases) {
  const results = [];
  for (const [name, timeoutMs, fn] of cases) {
    const started = Date.now();
    let ok = true;
    let reason = '';
    try {
      await withTimeout(Promise.resolve().then(fn), timeoutMs, `case ${name}`);
    } catch (err) {
      ok = false;
      reason = err && err.message ? err.message : String(err);
    }
    results.push({ name, ok, reason, ms: Date.now() - started });
  }
  process.stdout.write(JSON.stringify({ peer, direction, cases: results }) + '\n');
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}
