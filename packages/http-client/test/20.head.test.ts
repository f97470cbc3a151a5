import { expect } from 'chai';
import { HttpClient } from '../src/index.js';
import { codeOf, scripted, send } from './util/scripted.js';

async function respond(...lines: string[]) {
  const srv = await scripted((s) => send(s, ...lines));
  const client = new HttpClient();
  try {
    return await client.get(`${srv.url}/`);
  } finally {
    client.close();
    await srv.close();
  }
}

async function failure(...lines: string[]) {
  return codeOf(respond(...lines));
}

describe('response head: status line and fields (RFC 9112 §4, §5)', () => {
  it('parses status, reason, version and fields; lookup is case-insensitive; repeats are kept', async () => {
    const res = await respond('HTTP/1.1 201 Created Fine', 'Content-Type: text/plain', 'X-Rep: a', 'x-rep: b', 'Content-Length: 2', '', 'hi');
    expect([res.status, res.statusText, res.httpVersion]).to.deep.equal([201, 'Created Fine', '1.1']);
    expect(res.headers.get('CONTENT-TYPE')).to.equal('text/plain');
    expect(res.headers.getAll('X-REP')).to.deep.equal(['a', 'b']);
    expect(res.headers.get('x-rep')).to.equal('a, b');
    expect([...res.headers].map(([k]) => k)).to.deep.equal(['Content-Type', 'X-Rep', 'x-rep', 'Content-Length']);
    expect(res.text()).to.equal('hi');
  });

  it('accepts an empty reason phrase', async () => {
    const res = await respond('HTTP/1.1 204 ', '', '');
    expect([res.status, res.statusText]).to.deep.equal([204, '']);
  });

  it('rejects malformed status lines with ERR_HTTP_INVALID_STATUS', async () => {
    for (const line of ['HTTP/1.1 20 OK', 'HTTP/1.1 2000 OK', 'HTTP/2.0 200 OK', 'HTTX/1.1 200 OK', 'HTTP/1.1  200 OK', 'HTTP/1.1 200 O\x01K']) {
      expect(await failure(line, 'Content-Length: 0', '', ''), line).to.equal('ERR_HTTP_INVALID_STATUS');
    }
  });

  it('rejects whitespace before the colon, and CR, LF or NUL inside a value', async () => {
    expect(await failure('HTTP/1.1 200 OK', 'Content-Length : 0', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
    expect(await failure('HTTP/1.1 200 OK', 'X-A: b\rc', 'Content-Length: 0', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
    expect(await failure('HTTP/1.1 200 OK', 'X-A: b\nc', 'Content-Length: 0', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
    expect(await failure('HTTP/1.1 200 OK', 'X-A: b\0c', 'Content-Length: 0', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
    expect(await failure('HTTP/1.1 200 OK', 'No colon here', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
    expect(await failure('HTTP/1.1 200 OK', ': empty name', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
  });

  it('replaces obs-fold by a single SP; trims optional whitespace', async () => {
    const res = await respond('HTTP/1.1 200 OK', 'X-Folded: first', '   second', '\tthird', 'X-Space: \t padded \t', 'Content-Length: 0', '', '');
    expect(res.headers.get('x-folded')).to.equal('first second third');
    expect(res.headers.get('x-space')).to.equal('padded');
  });

  it('rejects an obs-fold with no field before it', async () => {
    expect(await failure('HTTP/1.1 200 OK', ' orphan', 'Content-Length: 0', '', '')).to.equal('ERR_HTTP_INVALID_HEADER');
  });
});
