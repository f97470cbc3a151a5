/**
 * ferrite-get's command line → a Config, or a UsageError (exit 2). Flags follow curl's spelling
 * and meaning where curl has them (seconds for --max-time and --connect-timeout, -o paired with
 * URLs in order); -t (ms) and -v (print bodies) are ferrite-get's own, kept from its first version.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BAD_VALUE, TOKEN } from '../grammar.js';
import type { RequestOptions, TlsRequestOptions } from '../options.js';
import type { DataArg } from './body.js';

export class UsageError extends Error {}

export interface Config {
  help: boolean;
  /** URLs from the command line and from -K files or stdin, in that order; `fromStdin` when '-' asks for stdin. */
  urls: string[];
  fromStdin: boolean;
  urlFiles: string[];
  outputs: string[];
  remoteName: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  json: boolean;
  parallel: number;
  request: RequestOptions;
  /** -X: the method as given (null: GET, HEAD, POST or PUT by the other flags). */
  method: string | null;
  /** The --data* flags in command-line order (curl joins them in that order). */
  data: DataArg[];
  /** -T: a file to PUT, or '-' for stdin. */
  uploadFile: string | null;
}

const options = {
  output: { type: 'string', short: 'o', multiple: true },
  'remote-name': { type: 'boolean', short: 'O' },
  verbose: { type: 'boolean', short: 'v' },
  include: { type: 'boolean', short: 'i' },
  head: { type: 'boolean', short: 'I' },
  header: { type: 'string', short: 'H', multiple: true },
  location: { type: 'boolean', short: 'L' },
  'max-redirs': { type: 'string' },
  fail: { type: 'boolean', short: 'f' },
  parallel: { type: 'string', short: 'Z' },
  'url-file': { type: 'string', short: 'K', multiple: true },
  json: { type: 'boolean' },
  'max-time': { type: 'string' },
  'connect-timeout': { type: 'string' },
  timeout: { type: 'string', short: 't', default: '30000' },
  insecure: { type: 'boolean', short: 'k' },
  cacert: { type: 'string' },
  'unix-socket': { type: 'string' },
  request: { type: 'string', short: 'X' },
  data: { type: 'string', short: 'd', multiple: true },
  'data-raw': { type: 'string', multiple: true },
  'data-binary': { type: 'string', multiple: true },
  'json-data': { type: 'string', multiple: true },
  'upload-file': { type: 'string', short: 'T' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCommandLine(argv: string[]): Config {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const positionals = parsed.positionals.filter((p) => p !== '-');
  const urlFiles = (v['url-file'] ?? []).filter((f) => f !== '-');
  const fromStdin = parsed.positionals.includes('-') || (v['url-file'] ?? []).includes('-');

  const request: RequestOptions = { headers: (v.header ?? []).map(headerField) };
  const ms = Number(v.timeout);
  if (!(ms >= 0)) throw new UsageError(`-t must be a number of ms >= 0, got '${v.timeout}'`);
  request.headersTimeout = ms;
  request.bodyTimeout = ms;
  if (v['max-time'] !== undefined) request.timeout = seconds('--max-time', v['max-time']);
  if (v['connect-timeout'] !== undefined) request.connectTimeout = seconds('--connect-timeout', v['connect-timeout']);
  const maxRedirs = v['max-redirs'] === undefined ? 50 : count('--max-redirs', v['max-redirs'], 0);
  if (v.location) request.maxRedirects = maxRedirs;

  // As curl: -k accepts any certificate, --cacert trusts the CA certificates (PEM) of FILE instead of Node's bundled roots.
  const tls: TlsRequestOptions = {};
  if (v.insecure) tls.rejectUnauthorized = false;
  if (v.cacert !== undefined) {
    try {
      tls.ca = readFileSync(v.cacert, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --cacert ${v.cacert}: ${(err as Error).message}`);
    }
  }
  request.tls = tls;
  // As curl's --unix-socket: every request goes over the socket; the URL gives the Host header and path.
  if (v['unix-socket'] !== undefined) request.socketPath = v['unix-socket'];

  const data: DataArg[] = [];
  for (const t of parsed.tokens) {
    if (t.kind === 'option' && DATA_FLAGS.has(t.name)) data.push({ flag: t.name as DataArg['flag'], value: t.value ?? '' });
  }
  const uploadFile = v['upload-file'] ?? null;
  if (v.head === true && (data.length > 0 || uploadFile !== null)) throw new UsageError('-I/--head sends no body: not with -d/--data* or -T');
  const method = v.request === undefined ? null : methodOf(v.request);

  return {
    help: v.help === true,
    urls: positionals,
    fromStdin,
    urlFiles,
    outputs: v.output ?? [],
    remoteName: v['remote-name'] === true,
    verbose: v.verbose === true,
    include: v.include === true,
    head: v.head === true,
    fail: v.fail === true,
    json: v.json === true,
    parallel: v.parallel === undefined ? 50 : count('-Z/--parallel', v.parallel, 1),
    request,
    method,
    data,
    uploadFile,
  };
}

const DATA_FLAGS = new Set(['data', 'data-raw', 'data-binary', 'json-data']);

/** -X's method: a token, sent as given (curl does not change its case); CONNECT opens a tunnel, which ferrite-get does not do. */
function methodOf(m: string): string {
  if (!TOKEN.test(m)) throw new UsageError(`-X wants an HTTP method token, got '${m}'`);
  if (m.toUpperCase() === 'CONNECT') throw new UsageError('-X CONNECT is not supported (it opens a tunnel)');
  return m;
}

/** 'Name: value' → [name, value] (curl's -H), checked against the grammar the client enforces, so a typo is a usage error. */
function headerField(h: string): [string, string] {
  const colon = h.indexOf(':');
  if (colon <= 0) throw new UsageError(`-H wants 'Name: value', got '${h}'`);
  const field: [string, string] = [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  if (!TOKEN.test(field[0]) || BAD_VALUE.test(field[1])) throw new UsageError(`-H '${h}' is not a valid header field`);
  return field;
}

function seconds(flag: string, s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !(n >= 0) || n === Infinity) throw new UsageError(`${flag} wants seconds >= 0, got '${s}'`);
  return n * 1000;
}

function count(flag: string, s: string, min: number): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} wants an integer >= ${min}, got '${s}'`);
  return n;
}

/** URLs of a -K file or stdin: one a line; blank lines and '#' comments skipped. */
export function urlLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
