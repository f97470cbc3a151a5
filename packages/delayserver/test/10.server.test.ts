import { expect } from 'chai';
import { start, type DelayServer } from '../src/index.js';
import { rawExchange, responseComplete } from './util.js';

describe('delayserver: GET /{delay_ms}/{message}', () => {
  let server: DelayServer;
  before(async () => {
    server = await start({ port: 0 });
  });
  after(() => server.close());

  it('answers 200 text/plain with the decoded message after the delay', async () => {
    const t0 = performance.now();
    const res = await fetch(`${server.url}/120/hello%20w%C3%B6rld`);
    expect(performance.now() - t0).to.be.at.least(115);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    expect(await res.text()).to.equal('hello wörld');
  });

  it('serves many requests concurrently (total ≈ the longest delay, not the sum)', async () => {
    const t0 = performance.now();
    const bodies = await Promise.all([300, 250, 200, 150, 100].map((d) => fetch(`${server.url}/${d}/r${d}`).then((r) => r.text())));
    expect(bodies).to.deep.equal(['r300', 'r250', 'r200', 'r150', 'r100']);
    expect(performance.now() - t0).to.be.below(1000);
  });

  it('answers 404 for other paths, 405 for other methods, 400 for bad delays or encodings', async () => {
    expect((await fetch(`${server.url}/`)).status).to.equal(404);
    expect((await fetch(`${server.url}/abc/x`)).status).to.equal(404);
    expect((await fetch(`${server.url}/10`)).status).to.equal(404);
    const post = await fetch(`${server.url}/10/x`, { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.headers.get('allow')).to.equal('GET, HEAD');
    expect((await fetch(`${server.url}/99999999999999999999/x`)).status).to.equal(400);
    expect((await fetch(`${server.url}/0/%E0%A4%A`)).status).to.equal(400);
  });

  it('an empty message and HEAD work', async () => {
    const empty = await fetch(`${server.url}/0/`);
    expect(await empty.text()).to.equal('');
    const head = await fetch(`${server.url}/0/abc`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-length')).to.equal('3');
  });

  it('keeps the connection alive, and closes it when asked', async () => {
    const first = await rawExchange(server.port, 'GET /0/a HTTP/1.1\r\nHost: x\r\n\r\n', responseComplete);
    expect(first.text).to.match(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first.text.endsWith('\r\n\r\na')).to.equal(true);
    const second = await rawExchange(server.port, 'GET /0/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', () => false, first.socket);
    expect(second.text).to.match(/^HTTP\/1\.1 200 OK\r\n/);
    expect(second.text).to.match(/connection: close/i);
    expect(second.text.endsWith('\r\n\r\nb')).to.equal(true);
    second.socket.destroy();
  });
});

describe('delayserver: lifetime', () => {
  it('close() cancels pending delays, closes connections and is idempotent', async () => {
    const server = await start({ port: 0 });
    const pending = fetch(`${server.url}/5000/late`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await Promise.all([server.close(), server.close()]);
    expect(await pending).to.equal('failed');
    expect(performance.now() - t0).to.be.below(1000);
  });

  it('listens on IPv6 loopback', async () => {
    const server = await start({ port: 0, host: '::1' });
    try {
      expect(server.url).to.equal(`http://[::1]:${server.port}`);
      expect(await (await fetch(`${server.url}/0/six`)).text()).to.equal('six');
    } finally {
      await server.close();
    }
  });
});
