// TLS 1.3 KeyUpdate from the server (node:tls cannot send one: `openssl s_server`, whose stdin
// command 'K' sends a KeyUpdate that asks for ours, and 'k' one that does not). Data must flow
// both ways after it, and when asked we answer with our own KeyUpdate before our next data.
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@ferrite/executor';
import { coroutine, wait } from '@ferrite/future';
import { sleep } from '@ferrite/reactor';
import { TlsStream } from '../src/index.js';
import { certs, text } from './util/index.js';

describe('TLS 1.3 KeyUpdate from the server (openssl s_server)', () => {
  const c = certs();
  const rt = new Runtime();
  const dir = mkdtempSync(join(tmpdir(), 'ferrite-tls-ku-'));
  let server: ChildProcessWithoutNullStreams;
  let log = '';
  let port = 0;
  before(async () => {
    writeFileSync(join(dir, 'key.pem'), c.localhost.key);
    writeFileSync(join(dir, 'cert.pem'), c.localhost.cert);
    server = spawn('openssl', ['s_server', '-msg', '-tls1_3', '-accept', '127.0.0.1:0', '-key', join(dir, 'key.pem'), '-cert', join(dir, 'cert.pem')]);
    server.stdout.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr.on('data', (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 500 && !/ACCEPT 127\.0\.0\.1:\d+/.test(log); i++) await new Promise((r) => setTimeout(r, 10));
    port = Number(/ACCEPT 127\.0\.0\.1:(\d+)/.exec(log)?.[1]);
    expect(port).to.be.above(0);
  });
  after(() => {
    server.kill();
    rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Until `log` (from `from` on) matches `re`, or a bounded number of turns. */
  const seen = (from: number, re: RegExp) => coroutine(function* () {
    for (let i = 0; i < 500 && !re.test(log.slice(from)); i++) yield* wait(sleep(10));
    return re.test(log.slice(from));
  })();

  for (const [command, asked] of [['K', true], ['k', false]] as const) {
    it(`a KeyUpdate ${asked ? 'asking for ours' : 'not asking for ours'}: data flows both ways after it`, async () => {
      const r = await rt.run(coroutine(function* () {
        const s = yield* wait(TlsStream.connect(`localhost:${port}`, { ca: c.ca }));
        try {
          yield* wait(s.writeAll(Buffer.from(`before-${command}\n`)));
          yield* wait(seen(0, new RegExp(`before-${command}`)));
          const mark = log.length;
          server.stdin.write(`${command}\n`);
          const sent = yield* wait(seen(mark, />>> TLS 1\.3, Handshake \[length 0005\], KeyUpdate/));
          server.stdin.write('after the update\n');
          const buf = new Uint8Array(64);
          const got = text(buf.subarray(0, yield* wait(s.read(buf))));
          yield* wait(s.writeAll(Buffer.from(`reply-${command}\n`)));
          const replied = yield* wait(seen(mark, new RegExp(`reply-${command}`)));
          const ours = /<<< TLS 1\.3, Handshake \[length 0005\], KeyUpdate/.test(log.slice(mark));
          s.close();
          return { sent, got, replied, ours };
        } finally {
          s.close();
        }
      })());
      expect(r).to.deep.equal({ sent: true, got: 'after the update\n', replied: true, ours: asked });
    });
  }
});
