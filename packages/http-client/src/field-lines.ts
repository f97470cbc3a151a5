/**
 * Field lines (RFC 9112 §5), the part a response head and a chunked trailer section share:
 * `token ":" OWS value OWS CRLF`, repeated, ended by an empty line. Consumed one byte at a time
 * as bytes arrive, so a malformed line fails at its first wrong byte (not when the head is
 * complete, nor at a timeout), and no later feed scans a byte again, however the input is split.
 *
 * Every line ends in CRLF: a lone LF (which RFC 9112 §2.2 lets a recipient accept) is refused,
 * as Node's own parser refuses it, and a bare CR is refused everywhere (§2.2). Whitespace
 * before the colon and controls in a value are refused (§5.1, RFC 9110 §5.5). An obs-fold line
 * is joined to the previous value with one SP (§5.2: what a user agent must do).
 */
import { httpError, type HttpErrorCode } from './errors.js';
import { CR, LF, TCHAR, VALUE_BYTE, isWhite } from './grammar.js';

/**
 * Fields one section may hold. A field costs the heap far more than its bytes (an `a:` line is
 * two strings and the arrays Headers keeps them in), so a 16 MiB head of empty fields would take
 * some 800 MB: past this count the section is ERR_HTTP_HEADERS_TOO_LARGE (Python's http.client
 * stops at 100 fields, Node's http keeps 2000). The default 16 KiB head holds at most 4096.
 */
export const MAX_FIELDS = 10_000;

const S = { LineStart: 0, Name: 1, ValueOws: 2, Value: 3, LineLf: 4, EndLf: 5, Done: 6 } as const;
type State = (typeof S)[keyof typeof S];

export class FieldLines {
  /** Complete fields, in the order received. */
  readonly fields: [string, string][] = [];
  #state: State = S.LineStart;
  /** The field being read; it is complete only once the next line is not an obs-fold. */
  #name = '';
  #value = '';
  #pending = false;
  /** Whitespace bytes at the end of #value (OWS to drop if the line ends there). */
  #trailing = 0;

  /** @param code what a malformed line fails with (ERR_HTTP_INVALID_HEADER for heads and trailers). */
  constructor(readonly code: HttpErrorCode = 'ERR_HTTP_INVALID_HEADER') {}

  /** The empty line that ends the section has been read. */
  get done(): boolean {
    return this.#state === S.Done;
  }

  /**
   * Consumes `buf[i, end)` up to the end of the section. Returns the index it stopped at: `end`,
   * or just past the LF of the empty line once done. Throws at the first malformed byte.
   */
  feed(buf: Uint8Array, i: number, end: number): number {
    let piece = i; // where the name or value bytes of this feed begin
    for (; i < end; i++) {
      const b = buf[i]!;
      switch (this.#state) {
        case S.LineStart:
          if (isWhite(b)) {
            // obs-fold: more of the previous value, after one SP.
            if (!this.#pending) throw this.#error('a continuation line (obs-fold) with no field before it');
            const sp = this.#value === '' ? 0 : 1;
            if (sp) this.#value += ' ';
            this.#trailing = sp;
            this.#state = S.ValueOws;
            break;
          }
          this.#commit();
          if (b === CR) this.#state = S.EndLf;
          else if (TCHAR[b] === 1) {
            if (this.fields.length >= MAX_FIELDS) throw httpError('ERR_HTTP_HEADERS_TOO_LARGE', `more than ${MAX_FIELDS} fields`);
            this.#state = S.Name;
            piece = i;
          } else throw this.#error(b === LF ? 'a line ends in LF without CR' : `a field name must be a token, not ${hex(b)}`);
          break;
        case S.Name: {
          // The rest of the name in one tight loop (this is the hot path, with values).
          i = scan(TCHAR, buf, i, end);
          if (i === end) break;
          const c = buf[i]!;
          if (c !== 0x3a) throw this.#error(isWhite(c) ? 'whitespace before the colon' : `${hex(c)} in a field name`);
          this.#name += latin1(buf, piece, i);
          this.#state = S.ValueOws;
          this.#pending = true;
          break;
        }
        case S.ValueOws:
          if (isWhite(b)) break;
          if (b === CR) {
            this.#state = S.LineLf;
            break;
          }
          this.#valueByte(b);
          this.#state = S.Value;
          this.#trailing = 0;
          piece = i;
          break;
        case S.Value: {
          // The rest of the value in one tight loop, noting where its last non-whitespace byte
          // is: whitespace after it is OWS, unless more of the value follows.
          let j = i;
          let ink = -1;
          for (let c; j < end && VALUE_BYTE[(c = buf[j]!)] === 1; j++) if (!isWhite(c)) ink = j;
          this.#trailing = ink < 0 ? this.#trailing + (j - i) : j - ink - 1;
          i = j;
          if (i === end) break;
          const c = buf[i]!;
          if (c !== CR) this.#valueByte(c);
          this.#value += latin1(buf, piece, i);
          this.#state = S.LineLf;
          break;
        }
        case S.LineLf:
          if (b !== LF) throw this.#error('a CR not followed by LF');
          // Trailing OWS is not part of the value; after a fold with nothing in it, neither is the SP.
          if (this.#trailing > 0) this.#value = this.#value.slice(0, Math.max(0, this.#value.length - this.#trailing));
          this.#trailing = 0;
          this.#state = S.LineStart;
          break;
        case S.EndLf:
          if (b !== LF) throw this.#error('a CR not followed by LF');
          this.#state = S.Done;
          return i + 1;
      }
    }
    // Keep the part of a name or value this feed ended in.
    if (this.#state === S.Name) this.#name += latin1(buf, piece, end);
    else if (this.#state === S.Value) this.#value += latin1(buf, piece, end);
    return end;
  }

  #valueByte(b: number): void {
    if (VALUE_BYTE[b] !== 1) throw this.#error(b === LF ? 'a line ends in LF without CR' : `control character ${hex(b)} in a value`);
  }

  #commit(): void {
    if (!this.#pending) return;
    this.fields.push([this.#name, this.#value]);
    this.#name = this.#value = '';
    this.#pending = false;
  }

  #error(why: string) {
    const so = !this.#pending ? '' : ` (in field ${JSON.stringify(this.#name.slice(0, 60))})`;
    return httpError(this.code, `invalid header line: ${why}${so}`);
  }
}

export const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
/** `buf[from, to)` as a latin1 string (one char per byte), without a view when buf is a Buffer. */
export function latin1(buf: Uint8Array, from: number, to: number): string {
  if (to <= from) return '';
  return Buffer.isBuffer(buf) ? buf.toString('latin1', from, to) : Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
}

/** The first index from `i` whose byte is not in `table` (or `end`). */
function scan(table: Uint8Array, buf: Uint8Array, i: number, end: number): number {
  while (i < end && table[buf[i]!] === 1) i++;
  return i;
}
