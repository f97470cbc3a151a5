// The setup most await-mode suites share, and the check of the /big body.
import { expect } from 'chai';
import { Runtime } from '@ferrite/executor';
import { certs, type Certs } from './certs.js';
import { BIG, bigByte, httpsServer, type Running } from './servers.js';

export interface HttpsSuite {
  readonly c: Certs;
  /** The suite's runtime, closed after its tests. */
  readonly rt: Runtime;
  /** node:https with the localhost certificate, in this process, started before the suite's tests. */
  readonly server: Running;
}

/** Call inside a describe(); read `server` inside the tests. */
export function httpsSuite(): HttpsSuite {
  const c = certs();
  const rt = new Runtime();
  let server: Running;
  before(async () => {
    server = await httpsServer({ key: c.localhost.key, cert: c.localhost.cert });
  });
  after(async () => {
    await server.close();
    rt.close();
  });
  return {
    c,
    rt,
    get server() {
      return server;
    },
  };
}

/** `response` (head and body of GET /big) carries BIG bytes of the bigByte pattern after its head. */
export function expectBigBody(response: Uint8Array): void {
  const head = Buffer.from(response).indexOf('\r\n\r\n') + 4;
  expect(response.length - head).to.equal(BIG);
  let bad = -1;
  for (let i = 0; i < BIG && bad < 0; i++) if (response[head + i] !== bigByte(i)) bad = i;
  expect(bad).to.equal(-1);
}
