/**
 * The RFC 9110 / 9112 character classes, in one place for the request serialiser, the head
 * parser and the chunked decoder. Regexes check whole strings we build; byte tables drive the
 * parsers, which look at one byte at a time as it arrives.
 */

/** token = 1*tchar (RFC 9110 §5.6.2): field names, chunk-ext names and token values. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A byte a field value may not contain (RFC 9110 §5.5): CR, LF, NUL and the other controls
 * except HTAB, and DEL. Visible characters, obs-text (0x80-0xFF), SP and HTAB are fine.
 */
export const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

function table(pred: (b: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = pred(b) ? 1 : 0;
  return t;
}

const TCHAR_PUNCT = "!#$%&'*+-.^_`|~";
const isAlnum = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** tchar: 1 for the bytes a token may contain. */
export const TCHAR = table((b) => isAlnum(b) || TCHAR_PUNCT.includes(String.fromCharCode(b)));

/** field-vchar / SP / HTAB: 1 for the bytes a field value (or a reason phrase) may contain. */
export const VALUE_BYTE = table((b) => b === 0x09 || b === 0x20 || (b >= 0x21 && b <= 0x7e) || b >= 0x80);

/** qdtext (RFC 9110 §5.6.4): a quoted-string's bytes other than `"` and `\`. */
export const QDTEXT = table((b) => b === 0x09 || b === 0x20 || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || b >= 0x80);

/** The value of a hex digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const isWhite = (b: number) => b === SP || b === HTAB;
