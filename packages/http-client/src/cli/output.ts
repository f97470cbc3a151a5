/** What ferrite-get prints: a result line per URL, its --json line, a response head, file names for -O. */
import { basename } from 'node:path';
import type { Headers } from '../headers.js';

/** What one URL came to. Times in ms from the request's start; `exit` is its share of the exit code. */
export interface Result {
  url: string;
  /** The file the body went to (-o, -O), if any. */
  file: string | null;
  status: number | null;
  statusText: string;
  bytes: number;
  /** The response head received (after any redirects), ms. */
  ttfb: number | null;
  total: number;
  error: { code: string; message: string } | null;
  /** 0 ok, 1 the request failed, 22 HTTP error under -f, 23 the output file could not be written. */
  exit: 0 | 1 | 22 | 23;
  /** Printed after the result line: the head (-i, -I) and the body (-v). */
  extra: string;
}

/** The line printed per URL (not under --json): `200 OK  5 B  12 ms  URL` or `ERR CODE message  12 ms  URL`. */
export function resultLine(r: Result): string {
  const ms = `${Math.round(r.total)} ms`;
  const to = r.file !== null ? `  -> ${r.file}` : '';
  if (r.error !== null && r.status === null) return `ERR ${r.error.code} ${r.error.message}  ${ms}  ${r.url}`;
  const err = r.error !== null ? `  ERR ${r.error.code} ${r.error.message}` : '';
  return `${r.status} ${r.statusText}  ${r.bytes} B  ${ms}  ${r.url}${to}${err}`;
}

/**
 * The --json line. dns and connect are null: the client exposes no hook for them (ttfb, from the
 * request's start to its response head, includes them).
 */
export function jsonLine(r: Result): string {
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  return JSON.stringify({
    url: r.url,
    status: r.status,
    bytes: r.bytes,
    file: r.file,
    timings: { dns: null, connect: null, ttfb: round(r.ttfb), total: round(r.total) },
    error: r.error?.code ?? null,
  });
}

/** A response head as received, for -i and -I: status line, fields, blank line. */
export function headText(res: { httpVersion: string; status: number; statusText: string; headers: Headers }): string {
  let s = `HTTP/${res.httpVersion} ${res.status} ${res.statusText}\r\n`;
  for (const [name, value] of res.headers) s += `${name}: ${value}\r\n`;
  return `${s}\r\n`;
}

/** -O's file name: the URL path's last segment, decoded, in the current directory (wget's index.html for none). */
export function remoteName(url: string): string {
  let seg = '';
  try {
    seg = new URL(url).pathname.split('/').pop() ?? '';
    seg = decodeURIComponent(seg);
  } catch {
    // An unparsable URL fails its request anyway; a malformed escape keeps the raw segment.
  }
  seg = basename(seg.replace(/[/\\\0]/g, '_'));
  return seg === '' || seg === '.' || seg === '..' ? 'index.html' : seg;
}
