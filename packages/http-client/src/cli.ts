#!/usr/bin/env node
/**
 * ferrite-get [-k] [--cacert FILE] URL...  fetches the URLs concurrently and prints status, size and time per URL
 * (the body too with -v). On a terminal a live progress line shows what is still in flight.
 * (The book's demo, a delay server and five delayed URLs, is examples/ch08-runtime/d-ferrite-get.ts:
 * `npm start` at the repository root. The client itself depends on no server.)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HttpClient } from './client.js';
import type { TlsRequestOptions } from './options.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    verbose: { type: 'boolean', short: 'v', default: false },
    timeout: { type: 'string', short: 't', default: '30000' },
    help: { type: 'boolean', short: 'h', default: false },
    insecure: { type: 'boolean', short: 'k', default: false },
    cacert: { type: 'string' },
  },
});

const USAGE = 'usage: ferrite-get [-v] [-t ms] [-k|--insecure] [--cacert FILE] URL...\n';
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (positionals.length === 0) {
  process.stderr.write(`ferrite-get: no URL given\n${USAGE}`);
  process.exit(2);
}

const timeoutMs = Number(values.timeout);
if (!(timeoutMs >= 0)) {
  process.stderr.write(`ferrite-get: -t must be a number of ms >= 0, got '${values.timeout}'\n`);
  process.exit(2);
}

// As curl: -k accepts any certificate, --cacert trusts the CA certificates (PEM) of FILE instead of Node's bundled roots.
const tls: TlsRequestOptions = {};
if (values.insecure) tls.rejectUnauthorized = false;
if (values.cacert !== undefined) {
  try {
    tls.ca = readFileSync(values.cacert, 'utf8');
  } catch (err) {
    process.stderr.write(`ferrite-get: cannot read --cacert ${values.cacert}: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

const urls = positionals;
const client = new HttpClient({ defaults: { tls } });
const tty = process.stdout.isTTY === true;
const t0 = performance.now();
let done = 0;
let failed = 0;

const progress = () => {
  if (!tty) return;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`\r\x1b[2K${done}/${urls.length} done, ${urls.length - done} in flight, ${secs} s`);
};
const ticker = tty ? setInterval(progress, 100) : null;

await Promise.all(
  urls.map(async (url) => {
    const started = performance.now();
    let line: string;
    let body = '';
    try {
      const res = await client.get(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      line = `${res.status} ${res.statusText}  ${res.body.length} B  ${Math.round(performance.now() - started)} ms  ${url}`;
      if (values.verbose) body = `${res.text()}\n`;
    } catch (err) {
      failed++;
      line = `ERR ${(err as { code?: string }).code ?? ''} ${(err as Error).message}  ${Math.round(performance.now() - started)} ms  ${url}`;
    }
    done++;
    process.stdout.write(`${tty ? '\r\x1b[2K' : ''}${line}\n${body}`);
    progress();
  }),
);

if (ticker) clearInterval(ticker);
process.stdout.write(`${tty ? '\r\x1b[2K' : ''}${urls.length} requests in ${((performance.now() - t0) / 1000).toFixed(2)} s${failed ? `, ${failed} failed` : ''}\n`);
client.close();
process.exitCode = failed > 0 ? 1 : 0;
