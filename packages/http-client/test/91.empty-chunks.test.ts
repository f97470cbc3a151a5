// A sync iterator that yields empty chunks forever does not spin the thread: the request ends at
// its timeout, coded, and the iterator is returned.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { echoSuite } from './util/echo.js';

describe('91 a sync body of empty chunks forever (await)', () => {
  const suite = echoSuite('await');
  const { run } = suite;
  it('ends at the timeout, coded, its iterator returned', async () => {
    const client = new HttpClient({ defaults: { timeout: 300 } });
    let returned = false;
    function* body() {
      try {
        for (;;) yield new Uint8Array(0);
      } finally {
        returned = true;
      }
    }
    const code = await run(client.post(`${suite.srv.url}/echo`, { body: body(), expectContinue: false })).then(() => 'resolved', (e: unknown) => String((e as { code?: string }).code));
    client.close();
    expect([code, returned]).to.deep.equal(['ERR_HTTP_TIMEOUT', true]);
  });
});
