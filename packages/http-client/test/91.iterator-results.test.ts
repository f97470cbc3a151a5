// A body iterator whose next() gives something that is not an iterator result (null, a number):
// ERR_HTTP_REQUEST_BODY, as any other failing source, not an uncoded TypeError; in both run modes.
import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { echoSuite } from './util/echo.js';

for (const mode of ['await', 'blockOn'] as const) {
  describe(`91 iterator results that are not objects (${mode})`, () => {
    const suite = echoSuite(mode);
    const { run } = suite;
    let client: HttpClient;
    beforeEach(() => (client = new HttpClient({ defaults: { timeout: 5_000 } })));
    afterEach(() => client.close());

    const code = (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => String((e as { code?: string }).code));

    for (const bad of [null, 42]) {
      it(`a sync iterator whose next() returns ${bad}: ERR_HTTP_REQUEST_BODY`, async () => {
        const body = { [Symbol.iterator]: () => ({ next: () => bad }) } as unknown as Iterable<string>;
        expect(await code(run(client.post(`${suite.srv.url}/echo`, { body, expectContinue: false })))).to.equal('ERR_HTTP_REQUEST_BODY');
      });
      if (mode === 'await') {
        it(`an async iterator whose next() resolves to ${bad}: ERR_HTTP_REQUEST_BODY`, async () => {
          const body = { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(bad) }) } as unknown as AsyncIterable<string>;
          expect(await code(run(client.post(`${suite.srv.url}/echo`, { body, expectContinue: false })))).to.equal('ERR_HTTP_REQUEST_BODY');
        });
      }
    }
  });
}
