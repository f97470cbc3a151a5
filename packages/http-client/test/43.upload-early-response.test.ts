// A server that answers before reading the whole body, or closes mid-upload: the response is
// delivered if it arrived, the connection is not reused, nothing hangs, no fd is left. And a
// server that writes a large response while we write a large body (neither reading first) does
// not deadlock the exchange: the body is written as the socket takes it, interleaved with reading.
import { expect } from 'chai';
import { defaultRuntime } from '@ferrite/executor';
import { HttpClient } from '../src/index.js';
import { codeOf, fdCount } from './util/scripted.js';
import { uploadServer, until } from './util/upload-server.js';

const BIG = new Uint8Array(16 * 1024 * 1024);

describe('uploads: a server that answers early or goes away', function () {
  this.timeout(20_000);
  let client: HttpClient;
  beforeEach(() => {
    defaultRuntime(); // made once: its epoll, timerfd and eventfd are not the requests'
    client = new HttpClient({ defaults: { expectContinue: false, timeout: 10_000 } });
  });
  afterEach(() => client.close());

  for (const end of ['end', 'destroy'] as const) {
    it(`a 413 with Connection: close before the body was read, then ${end}(): the 413 is delivered`, async () => {
      const before = fdCount();
      const srv = await uploadServer((c) => {
        c.socket.write('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 7\r\n\r\ntoo big', () => c.socket[end]());
      });
      try {
        const res = await client.post(`${srv.url}/up`, { body: BIG });
        expect([res.status, res.text()]).to.deep.equal([413, 'too big']);
        expect(client.connections).to.equal(0);
        expect(srv.conns[0]!.bodyBytes).to.be.below(BIG.length);
      } finally {
        await srv.close();
      }
      // A socket of an earlier test may close meanwhile too: at most the baseline, never above.
      await until(() => fdCount() <= before);
    });
  }

  it('a 401 (keep-alive) mid-upload stops the body; the connection is not reused', async () => {
    const srv = await uploadServer((c) => c.socket.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
    try {
      const stopped: string[] = [];
      function* body() {
        try {
          for (let i = 0; i < 1000; i++) yield BIG.subarray(0, 64 * 1024);
        } finally {
          stopped.push('return');
        }
      }
      const res = await client.put(`${srv.url}/up`, { body: body() });
      expect(res.status).to.equal(401);
      expect(stopped).to.deep.equal(['return']);
      expect(client.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });

  it('closed mid-upload with no response: a network error, never a hang, no fd left', async () => {
    const before = fdCount();
    const srv = await uploadServer(() => {}, (c) => {
      if (c.bodyBytes > 1024 * 1024) c.socket.destroy();
    });
    try {
      expect(await codeOf(client.post(`${srv.url}/up`, { body: BIG }))).to.be.oneOf(['ECONNRESET', 'EPIPE', 'ERR_HTTP_PREMATURE_CLOSE']);
      expect(client.connections).to.equal(0);
    } finally {
      await srv.close();
    }
    // A socket of an earlier test may close meanwhile too: at most the baseline, never above.
      await until(() => fdCount() <= before);
  });

  it('an early 200 while the server still reads: the response is delivered, the upload ends with it, the connection closes', async () => {
    const srv = await uploadServer((c) => c.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    try {
      const res = await client.post(`${srv.url}/up`, { body: BIG });
      expect([res.status, res.text()]).to.deep.equal([200, 'ok']);
      expect(client.connections).to.equal(0);
    } finally {
      await srv.close();
    }
  });

  it('a large response written before the server reads a byte of a large body: no deadlock', async () => {
    const response = Buffer.alloc(16 * 1024 * 1024, 'r');
    let received = 0;
    const srv = await uploadServer((c) => {
      c.socket.pause(); // reads nothing until its whole response has gone out
      c.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${response.length}\r\n\r\n`);
      c.socket.write(response, () => c.socket.resume());
    }, (c) => (received = c.bodyBytes));
    try {
      const res = await client.post(`${srv.url}/up`, { body: BIG });
      expect([res.status, res.body.length]).to.deep.equal([200, response.length]);
      await until(() => received > 0);
    } finally {
      await srv.close();
    }
  });
});
