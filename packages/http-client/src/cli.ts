#!/usr/bin/env node
/**
 * ferrite-get URL...  fetches the URLs concurrently and prints status, size and time per URL
 * (the body too with -v). On a terminal a live progress line shows what is still in flight.
 * With no URL it starts a delay server and fetches the book's five delayed URLs.
 */
import { parseArgs } from 'node:util';
import { start } from '@ferrite/delayserver';
import { HttpClient } from './client.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    verbose: { type: 'boolean', short: 'v', default: false },
    timeout: { type: 'string', short: 't', default: '30000' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write('usage: ferrite-get [-v] [-t ms] URL...\n  with no URL: a local delay server and the book\'s five delayed requests\n');
  process.exit(0);
}

const timeoutMs = Number(values.timeout);
if (!(timeoutMs >= 0)) {
  process.stderr.write(`ferrite-get: -t must be a number of ms >= 0, got '${values.timeout}'\n`);
  process.exit(2);
}

const server = positionals.length === 0 ? await start({ port: 0 }) : null;
const urls = server ? [0, 1, 2, 3, 4].map((i) => `${server.url}/${i * 1000}/HelloAsyncAwait${i}`) : positionals;
const client = new HttpClient();
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
await server?.close();
process.exitCode = failed > 0 ? 1 : 0;
