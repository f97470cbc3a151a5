/**
 * ferrite-get's request body, from curl's upload flags in command-line order: -d/--data,
 * --data-raw, --data-binary, --json-data (curl's --json) and -T/--upload-file. Everything is
 * checked and opened before the first request, so an unreadable file is a usage error (exit 2).
 *
 * A file given to --data-binary, --json-data or -T is a Blob backed by the file (fs.openAsBlob):
 * its size is known (Content-Length), it is read in 64 KiB slices as the socket drains (a file of
 * any size costs bounded memory), and it can be read again, for each URL and for a 307/308.
 * stdin (`@-`, `-T -`), a pipe or a device can be read only once: streamed, chunked, and for one
 * URL only; -d @- and -d @file are read whole (their newlines are dropped), so they go to every URL.
 */
import { openAsBlob } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RequestBody } from '../request-body.js';
import { UsageError } from './args.js';

/** One --data* flag as given: which flag (its long name) and its value. */
export interface DataArg {
  flag: 'data' | 'data-raw' | 'data-binary' | 'json-data';
  value: string;
}

/** What the body flags come to: the body, the headers they imply (unless -H sets them), the default method. */
export interface Upload {
  body: RequestBody;
  headers: [string, string][];
  method: 'POST' | 'PUT';
  /** The body reads stdin once: it can go to one URL only. */
  oneShot: boolean;
}

/** In memory or a regular file (a Blob: sized, readable again), or read once (stdin, a pipe, a device). */
type Piece = Blob | AsyncIterable<Uint8Array>;

const CR = 13;
const LF = 10;

/** The body of `data` (in order) or of the -T `file`; null when there is none. */
export async function uploadOf(data: DataArg[], file: string | null, stdin: AsyncIterable<Uint8Array>): Promise<Upload | null> {
  if (file !== null) {
    if (data.length > 0) throw new UsageError('-T/--upload-file cannot be used with -d/--data*');
    const piece = file === '-' ? stdin : await filePiece('-T', file);
    return { body: bodyOf([piece]), headers: [], method: 'PUT', oneShot: !(piece instanceof Blob) };
  }
  if (data.length === 0) return null;
  const pieces: Piece[] = [];
  let stdinUsed = false;
  const takeStdin = (flag: string) => {
    if (stdinUsed) throw new UsageError(`${flag} @-: stdin is already read by another flag`);
    stdinUsed = true;
  };
  for (const [i, d] of data.entries()) {
    // curl's separator: '&' between -d pieces, none before a --json piece.
    if (i > 0 && d.flag !== 'json-data') pieces.push(new Blob(['&']));
    const at = d.flag !== 'data-raw' && d.value.startsWith('@') ? d.value.slice(1) : null;
    if (at === null) {
      pieces.push(new Blob([d.value]));
    } else if (d.flag === 'data') {
      // As curl's -d @file: read whole, CR and LF dropped (form data is one line).
      if (at === '-') takeStdin('-d');
      const bytes = at === '-' ? await readAll(stdin) : await readWhole(at);
      pieces.push(new Blob([bytes.filter((b) => b !== CR && b !== LF)]));
    } else if (at === '-') {
      takeStdin(`--${d.flag}`);
      pieces.push(stdin);
    } else {
      pieces.push(await filePiece(`--${d.flag}`, at));
    }
  }
  const json = data.some((d) => d.flag === 'json-data');
  const headers: [string, string][] = json
    ? [['Content-Type', 'application/json'], ['Accept', 'application/json']]
    : [['Content-Type', 'application/x-www-form-urlencoded']];
  return { body: bodyOf(pieces), headers, method: 'POST', oneShot: !pieces.every((p) => p instanceof Blob) };
}

/** One Blob when every piece is (size known, readable again); else a stream of them, chunked. */
function bodyOf(pieces: Piece[]): RequestBody {
  if (pieces.every((p) => p instanceof Blob)) return new Blob(pieces);
  return (async function* () {
    for (const p of pieces) {
      if (p instanceof Blob) for await (const chunk of p.stream()) yield chunk;
      else yield* p;
    }
  })();
}

/** A regular file as a Blob that reads it lazily; a FIFO or a device (/dev/stdin) as a stream; a directory refused. */
async function filePiece(flag: string, path: string): Promise<Piece> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new Error('it is a directory');
    if (st.isFile()) return await openAsBlob(path);
    const fh = await open(path, 'r');
    return fh.createReadStream();
  } catch (err) {
    throw new UsageError(`cannot read ${flag} file ${path}: ${(err as Error).message}`);
  }
}

async function readWhole(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read -d file ${path}: ${(err as Error).message}`);
  }
}

async function readAll(stdin: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of stdin) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * The body with every chunk pulled from it counted by `onBytes` (the progress display's upload
 * bar). A Blob stays a sized, re-readable Blob-like, so Content-Length and replays are kept.
 */
export function counted(body: RequestBody, onBytes: (n: number) => void): RequestBody {
  const count = async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      onBytes(chunk.length);
      yield chunk;
    }
  };
  if (body instanceof Blob) return { size: body.size, stream: () => count(body.stream()) };
  return count(body as AsyncIterable<Uint8Array>);
}

/** curl's -T habit: a URL whose path ends in '/' gets the file's name appended. */
export function uploadUrl(url: string, file: string | null): string {
  if (file === null || file === '-') return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url; // the request fails with the client's ERR_HTTP_INVALID_URL
  }
  if (!u.pathname.endsWith('/')) return url;
  u.pathname += encodeURIComponent(basename(file));
  return u.href;
}
