// Random responses for the parser fuzz (tests 35 and stress/35): valid ones with what they must
// decode to, mutations of them, and the properties both must hold, checked against our pipeline
// (util/decode.ts) and Node's llhttp (util/llhttp-oracle.ts).
import fc from 'fast-check';
import { decode, expectedAt, type Message, type Outcome } from './decode.js';
import { llhttp, type OracleOutcome } from './llhttp-oracle.js';

export interface Generated {
  raw: string;
  method: 'GET' | 'HEAD';
  /** The body runs until the server closes. */
  eof: boolean;
  /** Bytes of the response itself; what follows (the start of another response) stays unread. */
  length: number;
  want: Message;
  /** Whitespace around `;` or `=` in a chunk extension: RFC 9112 allows it, llhttp refuses it. */
  bws: boolean;
}

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
const VCHARS = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i));
const OBS = ['\x80', '\xa0', '\xe9', '\xff'];
const NEXT = 'HTTP/1.1 200 OK\r\n';
// Fields whose meaning would change the framing or the connection: generated only on purpose.
const RESERVED = /^(content-length|transfer-encoding|connection|upgrade|keep-alive|proxy-connection|trailer)$/i;

const str = (chars: fc.Arbitrary<string>, min: number, max: number) => fc.array(chars, { minLength: min, maxLength: max }).map((a) => a.join(''));
const token = (max = 12) => str(fc.constantFrom(...TCHARS), 1, max);
const ows = fc.constantFrom('', '', ' ', '\t', '  ', ' \t');
const name = token().filter((n) => !RESERVED.test(n));
// A value with no whitespace at either end (OWS is generated apart), SP and HTAB inside.
const value = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...VCHARS) }, fc.constantFrom(' ', '\t', ...OBS)), { maxLength: 24 })
  .map((a) => a.join('').replace(/^[ \t]+|[ \t]+$/g, ''));
const field = fc.record({ name, value, before: ows, after: ows });
const reason = fc.array(str(fc.constantFrom(...'abcXYZ09-.'.split(''), ...OBS), 1, 8), { maxLength: 3 }).map((w) => w.join(' '));
const hex = (n: number, upper: boolean, zeros: number) => '0'.repeat(zeros) + (upper ? n.toString(16).toUpperCase() : n.toString(16));
const quoted = str(fc.constantFrom('a', 'Z', ' ', '\t', ';', '=', ',', '\\"', '\\\\', '\\a', '\xe9'), 0, 8).map((s) => `"${s}"`);
const extension = fc.record({ name: token(6), value: fc.option(fc.oneof(token(6), quoted)), bws: fc.boolean(), w: fc.constantFrom(' ', '\t', ' \t') });
const chunkMeta = fc.record({ upper: fc.boolean(), zeros: fc.nat(2), exts: fc.array(extension, { maxLength: 2 }) });

export const validResponse: fc.Arbitrary<Generated> = fc
  .record({
    minor: fc.constantFrom(0, 1, 1),
    kind: fc.constantFrom('length', 'chunked', 'chunked', 'close', 'nobody', 'head'),
    status: fc.integer({ min: 200, max: 599 }),
    reason,
    fields: fc.array(field, { maxLength: 6 }),
    framingAt: fc.nat(),
    framingName: fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH', 'Transfer-Encoding', 'transfer-encoding'),
    body: fc.uint8Array({ maxLength: 200 }),
    sizes: fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 8 }),
    meta: fc.array(chunkMeta, { minLength: 10, maxLength: 10 }),
    lastMeta: chunkMeta,
    trailers: fc.array(field, { maxLength: 3 }),
    interim: fc.array(fc.record({ status: fc.constantFrom(100, 102, 103, 199), fields: fc.array(field, { maxLength: 2 }) }), { maxLength: 2 }),
  })
  .map((g): Generated => {
    const kind = g.kind === 'chunked' && g.minor === 0 ? 'length' : g.kind;
    const status = kind === 'nobody' ? (g.status % 2 === 0 ? 204 : 304) : g.status === 204 || g.status === 304 ? 200 : g.status;
    let body = Buffer.from(g.body).toString('latin1');
    if (kind === 'nobody' || kind === 'head') body = '';
    const fields = g.fields.map((f) => [f.name, f.value, f.before, f.after] as const);
    const framing: [string, string] | null =
      kind === 'length' || kind === 'head'
        ? [g.framingName.replace(/transfer-encoding/i, 'Content-Length'), String(kind === 'head' ? g.body.length : body.length)]
        : kind === 'chunked'
          ? [g.framingName.replace(/content-length/i, 'Transfer-Encoding'), 'chunked']
          : null;
    const all: (readonly [string, string, string, string])[] = [...fields];
    if (framing !== null) all.splice(g.framingAt % (all.length + 1), 0, [framing[0], framing[1], ' ', '']);
    const line = ([n, v, b, a]: readonly [string, string, string, string]) => `${n}:${b}${v}${a}\r\n`;
    let raw = '';
    for (const i of g.interim) raw += `HTTP/1.1 ${i.status} Wait\r\n${i.fields.map((f) => line([f.name, f.value, f.before, f.after])).join('')}\r\n`;
    raw += `HTTP/1.${g.minor} ${status}${g.reason === '' && status % 3 === 0 ? '' : ` ${g.reason}`}\r\n${all.map(line).join('')}\r\n`;
    let bws = false;
    const chunkLine = (n: number, m: { upper: boolean; zeros: number; exts: { name: string; value: string | null; bws: boolean; w: string }[] }) => {
      let s = hex(n, m.upper, m.zeros);
      for (const e of m.exts) {
        const w = e.bws ? e.w : '';
        bws ||= e.bws;
        s += `${w};${w}${e.name}${e.value === null ? '' : `${w}=${w}${e.value}`}`;
      }
      return `${s}\r\n`;
    };
    if (kind === 'chunked') {
      let at = 0;
      for (const [i, size] of g.sizes.entries()) {
        if (at >= body.length) break;
        const n = Math.min(size, body.length - at);
        raw += `${chunkLine(n, g.meta[i % g.meta.length]!)}${body.slice(at, at + n)}\r\n`;
        at += n;
      }
      if (at < body.length) raw += `${chunkLine(body.length - at, g.lastMeta)}${body.slice(at)}\r\n`;
      raw += `${chunkLine(0, g.lastMeta)}${g.trailers.map((f) => line([f.name, f.value, f.before, f.after])).join('')}\r\n`;
    } else if (kind !== 'nobody' && kind !== 'head') raw += body;
    const length = raw.length;
    const eof = kind === 'close';
    if (!eof) raw += NEXT;
    return {
      raw,
      method: kind === 'head' ? 'HEAD' : 'GET',
      eof,
      length,
      bws,
      want: {
        status,
        statusText: g.reason === '' && status % 3 === 0 ? '' : g.reason,
        minor: g.minor,
        headers: all.map(([n, v]) => [n, v]),
        body,
        trailers: kind === 'chunked' ? g.trailers.map((f) => [f.name, f.value]) : [],
        interim: g.interim.length,
      },
    };
  });

const SPECIAL = ['\r', '\n', ' ', '\t', ':', ';', '=', '"', '\\', '0', '9', 'f', 'F', ',', '\0', '\x7f', '\x80', '\xff', 'H', '1'];
const mutation = fc.record({
  op: fc.constantFrom('set', 'set', 'insert', 'delete', 'dup', 'truncate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 8 }),
  byte: fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b))),
});

export const mutatedResponse = fc.record({ base: validResponse, mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }).map(({ base, mutations }) => {
  let raw = base.raw;
  for (const m of mutations) {
    const at = raw.length === 0 ? 0 : m.at % raw.length;
    if (m.op === 'set') raw = raw.slice(0, at) + m.byte + raw.slice(at + 1);
    else if (m.op === 'insert') raw = raw.slice(0, at) + m.byte.repeat(m.len % 3 === 0 ? m.len : 1) + raw.slice(at);
    else if (m.op === 'delete') raw = raw.slice(0, at) + raw.slice(at + m.len);
    else if (m.op === 'dup') raw = raw.slice(0, at + m.len) + raw.slice(at, at + m.len) + raw.slice(at + m.len);
    else raw = raw.slice(0, at);
  }
  return { raw, method: base.method, eof: true };
});

/** Decodes whole, bytewise and at `cuts`; all must agree (decided on the same byte). Returns the bytewise outcome. */
export function decodeSplits(raw: string, opts: { method: 'GET' | 'HEAD'; eof: boolean; maxHeaderSize?: number }, cuts: number[]): Outcome {
  const bytes = Buffer.from(raw, 'latin1');
  const n = bytes.length;
  const bytewise = decode(bytes, Array.from({ length: n }, (_, i) => i + 1), opts);
  for (const c of [[], ...cuts.map((c) => [n === 0 ? 0 : c % n])]) {
    const got = decode(bytes, c, opts);
    const want = expectedAt(bytewise, c, n);
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`split ${JSON.stringify(c)} of ${JSON.stringify(raw)}:\n got  ${JSON.stringify(got)}\n want ${JSON.stringify(want)}`);
  }
  if (opts.eof && bytewise.kind === 'incomplete') throw new Error(`no answer at end of stream for ${JSON.stringify(raw)}`);
  // Never past the framing: a message decided by its own bytes was decided on its last byte.
  if (bytewise.kind === 'message' && bytewise.at !== 'eof' && bytewise.at !== bytewise.consumed) {
    throw new Error(`decided after ${bytewise.at} bytes but consumed ${bytewise.consumed}: ${JSON.stringify(raw)}`);
  }
  return bytewise;
}

/**
 * Where we and llhttp may disagree on purpose (see the README's correctness section): each is a
 * test on the input; a disagreement no test explains is a failure.
 */
export const KNOWN_DIFFERENCES: Record<string, (raw: string, method: 'GET' | 'HEAD') => boolean> = {
  // A bare CR is invalid (RFC 9112 §2.2); llhttp lets a status line end in CR CR.
  'bare CR': (raw) => /\r(?!\n)/.test(raw),
  // Nothing may precede a status line; llhttp skips empty lines there (as servers may before a
  // request line, RFC 9112 §2.2).
  'empty line before a status line': (raw) => /^[\r\n]|\r\n\r\n[\r\n]/.test(raw),
  // A response to HEAD has no body: we do not look at its framing fields; llhttp checks them.
  'framing fields of a HEAD response': (raw, method) => method === 'HEAD' && /(?:^|\n)(content-length|transfer-encoding)[ \t]*:/i.test(raw),
  // llhttp takes an HTTP/1.0 message without keep-alive as the last on its connection, so it
  // refuses what follows an HTTP/1.0 1xx; we skip any 1xx to the final response.
  'HTTP/1.0 interim response': (raw) => /(?:^|\n)HTTP\/1\.0 1\d\d/.test(raw),
  // A chunk-ext value is a token or a quoted-string, not both run together (`a=b"c"`); llhttp
  // takes a quoted string straight after a token.
  'token run into a quoted chunk-ext value': (raw) => /(?:^|\n)[0-9a-fA-F]+;[^\n]*=[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+"/.test(raw),
  // OWS around a value is not part of it (RFC 9112 §5.1); llhttp refuses some around a length.
  'OWS around a Content-Length value': (raw) =>
    [...raw.matchAll(/(?:^|\n)content-length:([ \t]*)[^\r\n]*?([ \t]*)\r/gi)].some((m) => m[1] !== '' && m[1] !== ' ' || m[2] !== ''),
  // chunk-ext-name and chunk-ext-val are never empty, so `2;;`, `2;` and `2;a=;b` are refused;
  // llhttp skips empty extension names and values.
  'empty chunk extension': (raw) => /(?:^|\n)[0-9a-fA-F]+[^\n]*(?:;[ \t]*[;=\r\n]|=[ \t]*[;\r\n])/.test(raw),
  // We unfold obs-fold as RFC 9112 §5.2 asks of a user agent; llhttp refuses it.
  'obs-fold': (raw) => /\r\n[ \t]/.test(raw),
  // Only 100-599 exist (RFC 9110 §15); llhttp takes any three digits.
  'status outside 100-599': (raw) => [...raw.matchAll(/(?:^|\n)HTTP\/1\.\d (\d{3})/g)].some((m) => +m[1]! < 100 || +m[1]! > 599),
  // reason-phrase is HTAB / SP / VCHAR / obs-text; llhttp lets other controls through.
  'control in a reason phrase': (raw) => /(?:^|\n)HTTP\/1\.\d \d{3}[^\r\n]*[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(raw),
  // RFC 9112 §7.1.1 allows BWS around `;` and `=` in chunk extensions; llhttp refuses it.
  'BWS in a chunk extension': (raw) => /(?:^|\n)[0-9a-fA-F]+[^\n]*(?:[ \t];|;[ \t]|[ \t]=|=[ \t])/.test(raw),
  // Identical repeated Content-Length values are one length (RFC 9110 §8.6); llhttp refuses repeats.
  'repeated Content-Length': (raw) => (raw.match(/(?:^|\n)content-length[ \t]*:/gi)?.length ?? 0) > 1 || /(?:^|\n)content-length:[^\r\n]*,/i.test(raw),
  // HTTP/1.x with x > 1 is read as 1.1 (RFC 9112 §2.3); llhttp knows only 1.0 and 1.1.
  'HTTP/1.x beyond 1.1': (raw) => /(?:^|\n)HTTP\/1\.[2-9]/.test(raw),
  // A connection that asked in HTTP/1.1 gets HTTP/1.x; llhttp also takes HTTP/0.9 and HTTP/2.0
  // status lines.
  'a status line of another major version': (raw) => /(?:^|\n)HTTP\/[02-9]\./.test(raw),
  // OWS (SP or HTAB) around a value is not part of it, so `chunked<HTAB>` is chunked; llhttp
  // reads a body so framed until close.
  'HTAB around a Transfer-Encoding value': (raw) => /(?:^|\n)transfer-encoding:[^\r\n]*\t/i.test(raw),
  // An HTTP/1.0 message with Transfer-Encoding has faulty framing (RFC 9112 §6.1): we read it
  // until close; llhttp decodes the chunks.
  'Transfer-Encoding in HTTP/1.0': (raw) => /(?:^|\n)HTTP\/1\.0/.test(raw) && /transfer-encoding/i.test(raw),
};

/** The known differences that explain a disagreement, or [] (unexplained). */
export function explain(raw: string, method: 'GET' | 'HEAD'): string[] {
  return Object.entries(KNOWN_DIFFERENCES)
    .filter(([, test]) => test(raw, method))
    .map(([k]) => k);
}

/** Compares our outcome with llhttp's: null when they agree, else a description. */
export function disagreement(ours: Outcome, theirs: OracleOutcome): string | null {
  if (ours.kind === 'message' && theirs.kind === 'message') {
    const a = ours.message;
    const b = theirs.message;
    const same = a.status === b.status && a.minor === b.minor && a.body === b.body && JSON.stringify(a.headers) === JSON.stringify(b.headers) && JSON.stringify(a.trailers) === JSON.stringify(b.trailers) && a.interim === b.interim;
    return same ? null : `both accept, differently:\n ours ${JSON.stringify(a)}\n llhttp ${JSON.stringify(b)}`;
  }
  // Both refuse (an upgrade is a refusal for us: ERR_HTTP_UNEXPECTED_UPGRADE).
  if (ours.kind === 'error' && theirs.kind !== 'message') return null;
  return `ours ${JSON.stringify(ours)}\n llhttp ${JSON.stringify(theirs)}`;
}

export { llhttp };
