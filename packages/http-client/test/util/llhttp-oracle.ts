// An independent parser to compare with: Node's own llhttp (the parser behind node:http), reached
// as HTTPParser from node:_http_common, in its default (strict) mode. Given a whole response, it
// says what llhttp makes of it: the final message (interim 1xx skipped) or llhttp's error code.
import { createRequire } from 'node:module';

interface Parser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | (Error & { code?: string });
  finish(): undefined | number | (Error & { code?: string });
  close(): void;
  [k: number]: unknown;
}
interface ParserClass {
  new (): Parser;
  RESPONSE: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}
const { HTTPParser } = createRequire(import.meta.url)('_http_common') as { HTTPParser: ParserClass };

export interface OracleMessage {
  status: number;
  statusText: string;
  minor: number;
  headers: [string, string][];
  body: string;
  trailers: [string, string][];
  interim: number;
}

export type OracleOutcome = { kind: 'message'; message: OracleMessage } | { kind: 'error'; code: string } | { kind: 'upgrade' } | { kind: 'incomplete' };

const pairs = (flat: string[] | undefined): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; flat !== undefined && i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
};

export function llhttp(raw: Uint8Array, opts: { method?: 'GET' | 'HEAD'; eof?: boolean } = {}): OracleOutcome {
  const p = new HTTPParser();
  p.initialize(HTTPParser.RESPONSE, {}, 1 << 20, 0);
  let current: OracleMessage | null = null;
  let pending: [string, string][] = []; // fields flushed before the head was complete
  let interim = 0;
  let final: OracleOutcome | null = null;
  p[HTTPParser.kOnHeaders] = (flat: string[]) => {
    if (current === null) pending.push(...pairs(flat));
    else current.trailers.push(...pairs(flat));
  };
  p[HTTPParser.kOnHeadersComplete] = (_major: number, minor: number, flat: string[] | undefined, _m: unknown, _u: unknown, status: number, statusText: string, upgrade: boolean) => {
    current = { status, statusText: statusText ?? '', minor, headers: [...pending, ...pairs(flat)], body: '', trailers: [], interim };
    pending = [];
    if (upgrade || status === 101) {
      final ??= { kind: 'upgrade' };
      return 2;
    }
    // As node:http's client does: no body for HEAD or a 1xx.
    return opts.method === 'HEAD' || (status >= 100 && status < 200) ? 1 : 0;
  };
  p[HTTPParser.kOnBody] = (b: Buffer) => {
    if (current !== null) current.body += b.toString('latin1');
  };
  p[HTTPParser.kOnMessageComplete] = () => {
    if (current === null || final !== null) return;
    if (current.status >= 100 && current.status < 200) interim++;
    else final = { kind: 'message', message: current };
    current = null;
  };
  try {
    const r = p.execute(Buffer.from(raw));
    if (final !== null) return final;
    if (typeof r !== 'number') return { kind: 'error', code: r.code ?? String(r) };
    if (!opts.eof) return { kind: 'incomplete' };
    const f = p.finish();
    if (final !== null) return final;
    if (f !== undefined && typeof f !== 'number') return { kind: 'error', code: f.code ?? String(f) };
    return { kind: 'error', code: 'EOF' };
  } finally {
    p.close();
  }
}
