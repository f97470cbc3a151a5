import { HttpClient, type RequestOptions } from '../../src/index.js';
import { codeOf, scripted, send } from './scripted.js';

/** One GET against a server that answers with `raw` (then, if `end`, closes the connection). */
export async function respondRaw(raw: string | Buffer[], opts: RequestOptions & { end?: boolean; method?: 'GET' | 'HEAD' } = {}) {
  const srv = await scripted((s) => {
    if (typeof raw === 'string') s.write(raw, 'latin1');
    else {
      // Deliver piece by piece, each in its own segment, to exercise incremental parsing.
      let i = 0;
      const next = () => {
        if (i < raw.length) s.write(raw[i++]!, () => setTimeout(next, 2));
        else if (opts.end) s.end();
      };
      next();
      return;
    }
    if (opts.end) s.end();
  });
  const client = new HttpClient();
  try {
    const res = await (opts.method === 'HEAD' ? client.head(`${srv.url}/`, opts) : client.get(`${srv.url}/`, opts));
    return { res, srv };
  } finally {
    client.close();
    await srv.close();
  }
}

export const failRaw = (raw: string | Buffer[], opts?: Parameters<typeof respondRaw>[1]) => codeOf(respondRaw(raw, opts));
export { send };
