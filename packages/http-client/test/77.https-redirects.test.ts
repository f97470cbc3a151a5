// Redirects between http: and https:, in both run modes: http → https is followed; https → http
// (a downgrade) is ERR_HTTP_REDIRECT_DOWNGRADE unless the request says `allowDowngrade: true`.
import { expect } from 'chai';
import { HttpClient, HttpError } from '../src/index.js';
import { httpsSuite, settled, socketCount } from './util/https.js';

for (const mode of ['await', 'blockOn'] as const) {
  describe(`redirects between http: and https: (${mode})`, function () {
    this.timeout(30_000);
    const suite = httpsSuite(mode);
    const { c, run } = suite;
    const https = (path: string) => `https://localhost:${suite.srv.port}${path}`;
    const http = (path: string) => `http://127.0.0.1:${suite.srv.httpPort}${path}`;
    const back = async (baseline: number) => expect(await settled(socketCount, baseline)).to.equal(baseline);

    it('http: → https: is followed (an upgrade), and https: → https:', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca }, maxRedirects: 3 } });
      const up = await run(client.get(http(`/redirect?to=${encodeURIComponent(https('/secure'))}`)));
      expect([up.status, up.text(), up.url]).to.deep.equal([200, 'hello /secure', https('/secure')]);
      const same = await run(client.get(https(`/redirect?to=${encodeURIComponent('/next')}`)));
      expect(same.text()).to.equal('hello /next');
      client.close();
      await back(base);
    });

    it('https: → http: is refused with ERR_HTTP_REDIRECT_DOWNGRADE, naming the URL that redirected', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca }, maxRedirects: 3 } });
      const from = https(`/redirect?to=${encodeURIComponent(http('/plain'))}`);
      try {
        await run(client.get(from, { headers: { authorization: 'Bearer secret' } }));
        expect.fail('resolved');
      } catch (err) {
        expect(err).to.be.instanceOf(HttpError);
        expect((err as HttpError).code).to.equal('ERR_HTTP_REDIRECT_DOWNGRADE');
        expect((err as HttpError).url).to.equal(from);
      }
      client.close();
      await back(base);
    });

    it('allowDowngrade: true follows https: → http:', async () => {
      const base = socketCount();
      using client = new HttpClient({ defaults: { tls: { ca: c.ca }, maxRedirects: 3 } });
      const res = await run(client.get(https(`/redirect?to=${encodeURIComponent(http('/plain'))}`), { allowDowngrade: true }));
      expect([res.text(), res.url]).to.deep.equal(['plain /plain', http('/plain')]);
      client.close();
      await back(base);
    });

    it('a downgrade later in the chain is refused too (http → https → http)', async () => {
      using client = new HttpClient({ defaults: { tls: { ca: c.ca }, maxRedirects: 5 } });
      const back2 = https(`/redirect?to=${encodeURIComponent(http('/again'))}`);
      try {
        await run(client.get(http(`/redirect?to=${encodeURIComponent(back2)}`)));
        expect.fail('resolved');
      } catch (err) {
        expect((err as HttpError).code).to.equal('ERR_HTTP_REDIRECT_DOWNGRADE');
      }
    });
  });
}
