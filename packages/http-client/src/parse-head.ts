/**
 * The response head, RFC 9112 §4 and §5: `HTTP/1.x SP 3DIGIT [SP reason] CRLF`, then field
 * lines (see field-lines.ts), the head ending in an empty line.
 *
 * A HeadParser reads the head as it arrives: each call looks only at the bytes it has not seen
 * (scanning stays linear however the head is split), and a malformed status line or field line
 * fails at its first wrong byte rather than when the head is complete. Status codes outside
 * 100-599 are refused, so only a 1xx is ever taken for an interim response.
 */
import { httpError } from './errors.js';
import { FieldLines, hex, latin1 } from './field-lines.js';
import { CR, LF, VALUE_BYTE } from './grammar.js';
import { Headers } from './headers.js';

export interface ResponseHead {
  httpVersion: string;
  major: number;
  minor: number;
  status: number;
  statusText: string;
  headers: Headers;
}

const PREFIX = 'HTTP/1.';
/** Status line positions: the prefix, the minor digit, SP, three digits, then SP or CR. */
const MINOR = 7;
const STATUS = 9;
const AFTER_STATUS = 12;

export class HeadParser {
  /** Bytes of this head looked at so far, from the `start` the caller passes. */
  #scanned = 0;
  /** Position in the status line, or -1 once it is complete (the fields follow). */
  #pos = 0;
  #minor = 0;
  #status = 0;
  #reason = '';
  /** After the status line's CR: only LF may follow. */
  #lf = false;
  #fields = new FieldLines();

  /**
   * Reads the head in `buf[start, end)`; the caller keeps `start` where it was until the head is
   * complete, and may move the bytes (compact, grow) as long as their offsets from `start` stay.
   * Returns the head and the offset just past its empty line, or null if more bytes are needed;
   * the parser is then ready for the next head (after an interim response). Throws
   * ERR_HTTP_INVALID_STATUS or ERR_HTTP_INVALID_HEADER at the first malformed byte, and
   * ERR_HTTP_HEADERS_TOO_LARGE once more than `maxSize` bytes arrived without the end of the head.
   */
  parse(buf: Uint8Array, start: number, end: number, maxSize: number): { head: ResponseHead; next: number } | null {
    const limit = Math.min(end, start + maxSize);
    let i = start + this.#scanned;
    if (this.#pos >= 0 && i < limit) i = this.#statusLine(buf, i, limit);
    if (this.#pos < 0 && i < limit) i = this.#fields.feed(buf, i, limit);
    this.#scanned = Math.max(this.#scanned, i - start);
    if (!this.#fields.done) {
      if (end - start > maxSize) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', `response head exceeds ${maxSize} bytes`);
      return null;
    }
    const head: ResponseHead = {
      httpVersion: `1.${this.#minor}`,
      major: 1,
      minor: this.#minor,
      status: this.#status,
      statusText: this.#reason,
      headers: new Headers(),
    };
    for (const [name, value] of this.#fields.fields) head.headers.append(name, value);
    this.#reset();
    return { head, next: i };
  }

  #reset(): void {
    this.#scanned = this.#pos = this.#minor = this.#status = 0;
    this.#reason = '';
    this.#lf = false;
    this.#fields = new FieldLines();
  }

  /** Consumes status line bytes from `buf[i, end)`; returns where it stopped. */
  #statusLine(buf: Uint8Array, i: number, end: number): number {
    // Where this feed's part of the reason phrase begins, once known.
    let piece = this.#pos > AFTER_STATUS ? i : -1;
    for (; i < end; i++) {
      const b = buf[i]!;
      const pos = this.#pos;
      if (this.#lf) {
        if (b !== LF) throw this.#error('a CR not followed by LF');
        this.#pos = -1;
        return i + 1;
      }
      if (pos < MINOR) {
        if (b !== PREFIX.charCodeAt(pos)) throw this.#error(pos === 5 ? 'only HTTP/1.x is supported' : `${hex(b)} where ${JSON.stringify(PREFIX[pos])} belongs`);
      } else if (pos === MINOR) {
        if (!isDigit(b)) throw this.#error('a version with no minor digit');
        this.#minor = b - 0x30;
      } else if (pos === MINOR + 1) {
        if (b !== 0x20) throw this.#error('the version must be followed by one SP');
      } else if (pos < AFTER_STATUS) {
        // Only 100-599 exist (RFC 9110 §15): refused at the first digit that rules them out.
        if (!isDigit(b) || (pos === STATUS && (b < 0x31 || b > 0x35))) throw this.#error('the status code must be three digits from 100 to 599');
        this.#status = this.#status * 10 + (b - 0x30);
      } else if (b === CR) {
        this.#lf = true;
        if (piece >= 0) this.#reason += latin1(buf, piece, i);
        continue;
      } else if (pos === AFTER_STATUS) {
        if (b !== 0x20) throw this.#error(b === LF ? 'a line ends in LF without CR' : 'the status code must be followed by SP');
        piece = i + 1;
      } else if (VALUE_BYTE[b] !== 1) {
        throw this.#error(b === LF ? 'a line ends in LF without CR' : `control character ${hex(b)} in the reason phrase`);
      }
      this.#pos++;
    }
    // Keep the part of the reason phrase this feed ended in.
    if (piece >= 0 && !this.#lf) this.#reason += latin1(buf, piece, end);
    return end;
  }

  #error(why: string) {
    return httpError('ERR_HTTP_INVALID_STATUS', `invalid status line: ${why}`);
  }
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
