// Session bytes are decoded once and kept by their exact content (session_cache.cc): decoding
// parses the peer certificate, the costliest step of a resumed connection. A hit must behave as a
// fresh decode: the same name and trust checks, and changed bytes are never served from the cache.
import { expect } from 'chai';
import { native } from '../src/binding.js';
import { codeOf, httpsSuite, ioFdCount, settled, tlsGet } from './util/index.js';

describe('session decoding', () => {
  const suite = httpsSuite();
  const { c, rt } = suite;
  const addr = () => `localhost:${suite.server.port}`;

  it('the same bytes offered again are not decoded again, and resume every time', async () => {
    const first = await rt.run(tlsGet(addr(), '/hello', { ca: c.ca }));
    // Counted after a first connection: the runtime opens its reactor's fds on first use.
    const fds = ioFdCount();
    const before = native.sessionDecodes();
    for (let i = 0; i < 3; i++) {
      expect((await rt.run(tlsGet(addr(), '/hello', { ca: c.ca, session: first.session }))).reused).to.equal(true);
    }
    // One decode for connect()'s check; its Setup and the two later connections hit.
    expect(native.sessionDecodes() - before).to.equal(1);
    expect(await settled(ioFdCount, fds)).to.equal(fds);
  });

  it('bytes changed in place after use are decoded afresh (a content key, not the array)', async () => {
    const first = await rt.run(tlsGet(addr(), '/hello', { ca: c.ca }));
    const session = first.session!;
    expect((await rt.run(tlsGet(addr(), '/hello', { ca: c.ca, session }))).reused).to.equal(true);
    session[0] = 0; // no longer a DER SEQUENCE
    expect(await codeOf(rt.run(tlsGet(addr(), '/hello', { ca: c.ca, session })))).to.equal('ERR_TLS_INVALID_SESSION');
  });

  it('a cached session is still refused to another name and to another ca', async () => {
    const first = await rt.run(tlsGet(addr(), '/hello', { ca: c.ca }));
    const session = first.session!;
    expect((await rt.run(tlsGet(addr(), '/hello', { ca: c.ca, session }))).reused).to.equal(true);
    const before = native.sessionDecodes();
    const otherName = await rt.run(tlsGet(`127.0.0.1:${suite.server.port}`, '/hello', { ca: c.ca, session }));
    expect(otherName.reused).to.equal(false);
    const otherCa = await rt.run(tlsGet(addr(), '/hello', { ca: c.selfSigned.cert, session, rejectUnauthorized: false }));
    expect(otherCa.reused).to.equal(false);
    expect(otherCa.authorizationError?.code).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // Both were cache hits: the checks run on the cached session, not only on a fresh decode.
    expect(native.sessionDecodes()).to.equal(before);
  });

  it('keeps a bounded number of sessions: the oldest of nine is decoded again', async () => {
    const sessions: Uint8Array[] = [];
    for (let i = 0; i < 9; i++) sessions.push((await rt.run(tlsGet(addr(), '/hello', { ca: c.ca, maxVersion: 'TLSv1.2' }))).session!);
    for (const s of sessions) expect(native.isSession(s)).to.equal(true);
    const before = native.sessionDecodes();
    expect(native.isSession(sessions[8]!)).to.equal(true);
    expect(native.sessionDecodes()).to.equal(before);
    expect(native.isSession(sessions[0]!)).to.equal(true);
    expect(native.sessionDecodes()).to.equal(before + 1);
  });
});
