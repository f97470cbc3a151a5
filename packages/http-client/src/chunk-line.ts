/**
 * The chunk-size line of a chunked body (RFC 9112 §7.1, §7.1.1), read one byte at a time as it
 * arrives:
 *
 *   chunk-size [ chunk-ext ] CRLF
 *   chunk-ext  = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )
 *
 * So whitespace is allowed only around `;` and `=`: `25  ` (whitespace and no extension), `2;`
 * (no name), `2;a=` (no value), `2;a="b` (an unbalanced quote) and a lone LF are refused at the
 * first byte that rules them out. Extensions are checked and dropped (no client use for them),
 * and the whole line is bounded. The size must fit a safe integer.
 */
import { httpError } from './errors.js';
import { hex } from './field-lines.js';
import { CR, LF, QDTEXT, TCHAR, VALUE_BYTE, hexValue, isWhite } from './grammar.js';

/** Bytes a chunk-size line may take, extensions included (they are ignored, but bounded). */
export const MAX_CHUNK_LINE = 4096;

const S = {
  Size: 0, // hex digits
  SizeWs: 1, // BWS after the size: only `;` may follow
  NameWs: 2, // after `;`: BWS, then a name
  Name: 3,
  NameEndWs: 4, // BWS after a name: `=` or `;` may follow
  ValueWs: 5, // after `=`: BWS, then a token or a quoted-string
  Token: 6,
  Quoted: 7,
  QuotedPair: 8, // after `\` in a quoted-string
  ValueEnd: 9, // just after a value: `;`, BWS or CR
  ValueEndWs: 10, // BWS after a value: only `;` may follow
  Lf: 11, // after CR
} as const;
type State = (typeof S)[keyof typeof S];

export class ChunkLine {
  #state: State = S.Size;
  #digits = 0;
  #size = 0;
  #length = 0;

  /** The chunk size, once `feed` returned with the line complete. */
  get size(): number {
    return this.#size;
  }

  reset(): void {
    this.#state = S.Size;
    this.#digits = this.#size = this.#length = 0;
  }

  /**
   * Consumes `buf[i, end)` up to the end of the line. Returns the index just past its LF, or -1
   * when every byte was consumed and the line goes on. Throws ERR_HTTP_INVALID_CHUNK at the
   * first byte the grammar refuses.
   */
  feed(buf: Uint8Array, i: number, end: number): number {
    for (; i < end; i++) {
      if (++this.#length > MAX_CHUNK_LINE) throw chunkError(`chunk size line longer than ${MAX_CHUNK_LINE} bytes`);
      const b = buf[i]!;
      switch (this.#state) {
        case S.Size: {
          const d = hexValue(b);
          if (d >= 0) {
            // Beyond 2^53 the size is no longer exact: refuse rather than misframe.
            if (this.#size > (Number.MAX_SAFE_INTEGER - d) / 16) throw chunkError('chunk size overflows');
            this.#size = this.#size * 16 + d;
            this.#digits++;
            break;
          }
          if (this.#digits === 0) throw chunkError(`chunk size must start with a hex digit, not ${hex(b)}`);
          if (b === 0x3b) this.#state = S.NameWs;
          else if (isWhite(b)) this.#state = S.SizeWs;
          else this.#lineEnd(b, 'in the chunk size');
          break;
        }
        case S.SizeWs:
          if (b === 0x3b) this.#state = S.NameWs;
          else if (!isWhite(b)) throw chunkError('whitespace after a chunk size must lead to an extension (`;`)');
          break;
        case S.NameWs:
          if (TCHAR[b] === 1) this.#state = S.Name;
          else if (!isWhite(b)) throw chunkError(`a chunk extension needs a name (a token), not ${hex(b)}`);
          break;
        case S.Name:
          if (TCHAR[b] === 1) break;
          if (isWhite(b)) this.#state = S.NameEndWs;
          else if (b === 0x3d) this.#state = S.ValueWs;
          else if (b === 0x3b) this.#state = S.NameWs;
          else this.#lineEnd(b, 'in a chunk extension name');
          break;
        case S.NameEndWs:
          if (b === 0x3d) this.#state = S.ValueWs;
          else if (b === 0x3b) this.#state = S.NameWs;
          else if (!isWhite(b)) throw chunkError(`${hex(b)} after a chunk extension name`);
          break;
        case S.ValueWs:
          if (TCHAR[b] === 1) this.#state = S.Token;
          else if (b === 0x22) this.#state = S.Quoted;
          else if (!isWhite(b)) throw chunkError(`a chunk extension value must be a token or a quoted string, not ${hex(b)}`);
          break;
        case S.Token:
          if (TCHAR[b] === 1) break;
          this.#afterValue(b);
          break;
        case S.Quoted:
          if (b === 0x22) this.#state = S.ValueEnd;
          else if (b === 0x5c) this.#state = S.QuotedPair;
          else if (QDTEXT[b] !== 1) throw chunkError(`${hex(b)} in a quoted chunk extension value (unbalanced quote?)`);
          break;
        case S.QuotedPair:
          if (VALUE_BYTE[b] !== 1) throw chunkError(`${hex(b)} escaped in a quoted chunk extension value`);
          this.#state = S.Quoted;
          break;
        case S.ValueEnd:
          this.#afterValue(b);
          break;
        case S.ValueEndWs:
          if (b === 0x3b) this.#state = S.NameWs;
          else if (!isWhite(b)) throw chunkError('whitespace after a chunk extension value must lead to another extension (`;`)');
          break;
        case S.Lf:
          if (b !== LF) throw chunkError('a CR not followed by LF in a chunk size line');
          return i + 1;
      }
    }
    return -1;
  }

  #afterValue(b: number): void {
    if (b === 0x3b) this.#state = S.NameWs;
    else if (isWhite(b)) this.#state = S.ValueEndWs;
    else this.#lineEnd(b, 'after a chunk extension value');
  }

  /** The line may end here: CR, or the byte is wrong. */
  #lineEnd(b: number, where: string): void {
    if (b === CR) this.#state = S.Lf;
    else throw chunkError(b === LF ? 'a chunk size line must end in CRLF, not LF alone' : `${hex(b)} ${where}`);
  }
}

export function chunkError(message: string) {
  return httpError('ERR_HTTP_INVALID_CHUNK', message);
}
