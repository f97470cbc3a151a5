import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { spawnDelayServer } from '../src/index.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('delayserver CLI', () => {
  it('--port 0 prints the chosen port, is quiet, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
    const port = Number(out.trim());
    expect(port).to.be.within(1, 65535);
    expect(await (await fetch(`http://127.0.0.1:${port}/0/cli`)).text()).to.equal('cli');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).to.equal(0);
    expect(err).to.equal('');
    expect(out).to.equal(`${port}\n`);
  });

  it('--verbose logs each request to stderr as the book does', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
    await fetch(`http://127.0.0.1:${Number(out.trim())}/15/HelloWorld`);
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(err).to.equal('#1 - 15ms: HelloWorld\n');
  });

  it('rejects an invalid port with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', 'banana'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [code] = await once(child, 'exit');
    expect(code).to.equal(2);
  });

  it('spawnDelayServer() runs it in a child process', async () => {
    const server = await spawnDelayServer();
    try {
      expect(await (await fetch(`${server.url}/10/child`)).text()).to.equal('child');
    } finally {
      await server.close();
      await server.close();
    }
  });
});
