/**
 * The response head, RFC 9112 §4 and §5: `HTTP/x.y SP 3DIGIT SP reason`, then fields
 * `token ":" OWS value OWS`, each line ending in CRLF, the head ending in an empty line.
 * Strict where laxness lets a response be read two ways (whitespace before the colon, bare CR or
 * LF, control characters in values); obs-fold continuation lines are replaced by one SP.
 */
import { httpError } from './errors.js';
import { Headers } from './headers.js';

export interface ResponseHead {
  httpVersion: string;
  major: number;
  minor: number;
  status: number;
  statusText: string;
  headers: Headers;
}

const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: ([^\x00-\x08\x0a-\x1f\x7f]*))?$/;
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const OWS = /^[ \t]+|[ \t]+$/g;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Parses a complete head from `buf[start, end)`. Returns it and the offset just past the empty
 * line, or null if the head is not complete yet. Throws ERR_HTTP_HEADERS_TOO_LARGE once more
 * than `maxSize` bytes arrived without the end of the head.
 */
export function parseHead(buf: Buffer, start: number, end: number, maxSize: number): { head: ResponseHead; next: number } | null {
  // Search the buffer itself (no view per attempt); bytes past `end` are stale, so a match there
  // does not count.
  const found = buf.indexOf(CRLFCRLF, start);
  const at = found >= 0 && found + 4 <= end ? found - start : -1;
  if (at < 0) {
    if (end - start > maxSize) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', `response head exceeds ${maxSize} bytes`);
    return null;
  }
  if (at + 4 > maxSize) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', `response head exceeds ${maxSize} bytes`);
  const lines = buf.toString('latin1', start, start + at).split('\r\n');
  const m = STATUS_LINE.exec(lines[0]!);
  if (m === null || m[1] !== '1') {
    throw httpError('ERR_HTTP_INVALID_STATUS', `invalid status line ${JSON.stringify(lines[0]!.slice(0, 100))}`);
  }
  const fields = parseFields(lines, 1);
  const headers = new Headers();
  for (const [name, value] of fields) headers.append(name, value);
  return {
    head: {
      httpVersion: `${m[1]}.${m[2]}`,
      major: Number(m[1]),
      minor: Number(m[2]),
      status: Number(m[3]),
      statusText: m[4] ?? '',
      headers,
    },
    next: start + at + 4,
  };
}

/** Field lines from `lines[from...]` (header section or trailer section). */
export function parseFields(lines: string[], from: number): [string, string][] {
  const fields: [string, string][] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('\r') || line.includes('\n')) throw invalidField(line);
    if (line[0] === ' ' || line[0] === '\t') {
      // obs-fold: a continuation of the previous value, replaced by a single SP (§5.2).
      const prev = fields[fields.length - 1];
      if (prev === undefined) throw invalidField(line);
      const more = line.replace(OWS, '');
      if (BAD_VALUE.test(more)) throw invalidField(line);
      prev[1] = prev[1] === '' ? more : `${prev[1]} ${more}`;
      continue;
    }
    fields.push(parseField(line));
  }
  return fields;
}

export function parseField(line: string): [string, string] {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon);
  // No whitespace is allowed between the name and the colon (§5.1): TOKEN excludes it.
  if (colon <= 0 || !TOKEN.test(name)) throw invalidField(line);
  const value = line.slice(colon + 1).replace(OWS, '');
  if (BAD_VALUE.test(value)) throw invalidField(line);
  return [name, value];
}

function invalidField(line: string) {
  return httpError('ERR_HTTP_INVALID_HEADER', `invalid header line ${JSON.stringify(line.slice(0, 100))}`);
}
