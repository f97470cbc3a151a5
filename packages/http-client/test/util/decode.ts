// The response pipeline without a socket: HeadParser, framing and a body decoder composed as
// Exchange composes them (interim 1xx skipped, 101 refused), over a read buffer that moves and
// keeps stale bytes past its end, as Connection's does. Bytes arrive in the pieces a test
// chooses; the outcome says at which received byte count it was decided.
import { bodyDecoder } from '../../src/body-decoder.js';
import { HttpError } from '../../src/errors.js';
import { framing } from '../../src/framing.js';
import { HeadParser } from '../../src/parse-head.js';

export interface Message {
  status: number;
  statusText: string;
  minor: number;
  headers: [string, string][];
  body: string; // latin1
  trailers: [string, string][];
  interim: number;
}

/** `at`: bytes received when it was decided, or 'eof' when only the end of the stream decided it. */
export type Outcome =
  | { kind: 'message'; message: Message; consumed: number; at: number | 'eof' }
  | { kind: 'error'; code: string; message: string; at: number | 'eof' }
  | { kind: 'incomplete' };

export interface DecodeOptions {
  method?: 'GET' | 'HEAD';
  /** The server closes after the last piece (else the stream just stops). */
  eof?: boolean;
  maxHeaderSize?: number;
}

const GARBAGE = Buffer.from('\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n', 'latin1');

/** Decodes `raw` delivered as the pieces that `cuts` (ascending offsets) split it into. */
export function decode(raw: Uint8Array, cuts: number[], opts: DecodeOptions = {}): Outcome {
  const maxHeaderSize = opts.maxHeaderSize ?? 16 * 1024;
  const parser = new HeadParser();
  let buf = Buffer.alloc(0);
  let start = 0;
  let end = 0;
  let consumed = 0; // stream offset of `start`
  let received = 0;
  let decoder: ReturnType<typeof bodyDecoder> = null;
  let head: { status: number; statusText: string; minor: number; headers: [string, string][] } | null = null;
  let interim = 0;
  const body: Buffer[] = [];
  const message = (): Message => ({ ...head!, body: Buffer.concat(body).toString('latin1'), trailers: decoder === null ? [] : [...decoder.trailers], interim });

  // Runs the pipeline over what is buffered; true once the message is complete.
  const step = (): boolean => {
    for (;;) {
      if (head === null) {
        const parsed = parser.parse(buf, start, end, maxHeaderSize);
        if (parsed === null) return false;
        consumed += parsed.next - start;
        start = parsed.next;
        const h = parsed.head;
        if (h.status === 101) throw new HttpError('ERR_HTTP_UNEXPECTED_UPGRADE', '101');
        if (h.status < 200) {
          if (++interim > 100) throw new HttpError('ERR_HTTP_TOO_MANY_INTERIM_RESPONSES', 'interim');
          continue;
        }
        head = { status: h.status, statusText: h.statusText, minor: h.minor, headers: [...h.headers] };
        decoder = bodyDecoder(framing(opts.method ?? 'GET', h), maxHeaderSize);
        if (decoder === null) return true;
      }
      if (start === end) return decoder!.done;
      const n = decoder!.feed(buf, start, end, (chunk) => body.push(Buffer.from(chunk)));
      // Exchange relies on this: a decoder takes all it is given unless the body ends first.
      if (n < 0 || n > end - start || (n < end - start && !decoder!.done)) throw new Error(`decoder consumed ${n} of ${end - start}`);
      start += n;
      consumed += n;
      if (decoder!.done) return true;
      if (n === 0) return false;
    }
  };

  const fail = (err: unknown, at: number | 'eof'): Outcome => {
    // Anything but a coded HttpError is a bug in the parser: let the test see it as is.
    if (!(err instanceof HttpError)) throw err;
    return { kind: 'error', code: err.code, message: err.message, at };
  };

  const bounds = [...cuts, raw.length];
  let from = 0;
  for (const to of bounds) {
    if (to <= from) continue;
    // A fresh buffer each time: live bytes moved to a new offset, stale bytes around them.
    const shift = (received % 3) * 2;
    const next = Buffer.alloc(shift + (end - start) + (to - from) + GARBAGE.length, 0x41);
    buf.copy(next, shift, start, end);
    next.set(raw.subarray(from, to), shift + (end - start));
    GARBAGE.copy(next, next.length - GARBAGE.length);
    end = shift + (end - start) + (to - from);
    start = shift;
    buf = next;
    received += to - from;
    from = to;
    try {
      if (step()) return { kind: 'message', message: message(), consumed, at: received };
    } catch (err) {
      return fail(err, received);
    }
  }
  if (!opts.eof) return { kind: 'incomplete' };
  try {
    if (head === null) throw new HttpError('ERR_HTTP_PREMATURE_CLOSE', 'connection closed inside the response head');
    decoder!.eof();
    return { kind: 'message', message: message(), consumed: consumed + (end - start), at: 'eof' };
  } catch (err) {
    return fail(err, 'eof');
  }
}

/** Every way to deliver `n` bytes the split tests use: whole, one byte at a time, each two-piece split. */
export function splits(n: number): { name: string; cuts: number[] }[] {
  const out = [{ name: 'whole', cuts: [] as number[] }, { name: 'bytewise', cuts: Array.from({ length: n }, (_, i) => i + 1) }];
  for (let s = 1; s < n; s++) out.push({ name: `split@${s}`, cuts: [s] });
  return out;
}

/**
 * What `decode` with `cuts` must give, knowing the bytewise outcome: the same result, decided on
 * the piece holding the byte that decided it bytewise.
 */
export function expectedAt(bytewise: Outcome, cuts: number[], n: number): Outcome {
  if (bytewise.kind === 'incomplete' || bytewise.at === 'eof') return bytewise;
  const at = bytewise.at;
  const piece = [...cuts, n].find((c) => c >= at)!;
  return { ...bytewise, at: piece };
}

/**
 * Decodes `raw` whole, one byte at a time and at each two-piece split, and checks that every
 * delivery gives the bytewise outcome, decided on the piece that holds the deciding byte (no
 * split can make it fail later, fail differently or hang). Returns the bytewise outcome.
 */
export function decodeEverySplit(raw: string | Uint8Array, opts: DecodeOptions = {}): Outcome {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const n = bytes.length;
  const bytewise = decode(bytes, Array.from({ length: n }, (_, i) => i + 1), opts);
  for (const { name, cuts } of splits(n)) {
    const got = decode(bytes, cuts, opts);
    const want = expectedAt(bytewise, cuts, n);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`${name} of ${JSON.stringify(Buffer.from(bytes).toString('latin1').slice(0, 200))}:\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  return bytewise;
}
