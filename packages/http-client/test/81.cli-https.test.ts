// ferrite-get over https:, as curl: verified by default, -k/--insecure accepts any certificate,
// --cacert FILE trusts FILE's CA certificates.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { certs, httpsServers, type HttpsServers } from './util/https.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

async function run(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, out, err };
}

describe('ferrite-get https:', function () {
  this.timeout(20_000);
  const c = certs();
  let signed: HttpsServers;
  let selfSigned: HttpsServers;
  let dir: string;
  before(async () => {
    [signed, selfSigned] = await Promise.all([httpsServers(c.localhost), httpsServers(c.selfSigned)]);
    dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-https-'));
    writeFileSync(join(dir, 'ca.pem'), c.ca);
  });
  after(async () => {
    await Promise.all([signed.close(), selfSigned.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies by default: a self-signed server fails with node\'s code, exit 1', async () => {
    const r = await run(`https://localhost:${selfSigned.port}/x`);
    expect(r.code).to.equal(1);
    expect(r.out).to.include('ERR DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('-k and --insecure accept it', async () => {
    for (const flag of ['-k', '--insecure']) {
      const r = await run(flag, '-v', `https://localhost:${selfSigned.port}/k`);
      expect(r.code, r.out + r.err).to.equal(0);
      expect(r.out).to.match(/^200 OK {2}8 B .*\nhello \/k\n/);
    }
  });

  it('--cacert FILE trusts its CA; a missing file is a usage error (exit 2)', async () => {
    const r = await run('--cacert', join(dir, 'ca.pem'), `https://localhost:${signed.port}/ca`);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.match(/^200 OK {2}9 B /);
    const without = await run(`https://localhost:${signed.port}/ca`);
    expect(without.out).to.include('ERR UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const missing = await run('--cacert', join(dir, 'nope.pem'), `https://localhost:${signed.port}/`);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/^ferrite-get: cannot read --cacert /);
  });
});
