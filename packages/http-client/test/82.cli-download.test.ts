// ferrite-get's downloads: -o and -O files streamed to disk, -L redirects, -f and exit codes,
// connection refused, --json lines, -Z parallelism, URL lists from -K files and stdin.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { httpServer, runCli, type Server } from './util/cli.js';

const big = Buffer.alloc(5 * 1024 * 1024 + 17);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('ferrite-get downloads', function () {
  this.timeout(20_000);
  let srv: Server;
  let dir: string;
  before(async () => {
    srv = await httpServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/big.bin') {
        res.writeHead(200, { 'content-length': big.length });
        res.end(big);
      } else if (path.startsWith('/chunked')) {
        res.writeHead(200);
        res.write('chunk one ');
        res.end('chunk two');
      } else if (path.startsWith('/hop/')) {
        const n = Number(path.slice(5));
        res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/landed.txt' }).end();
      } else if (path === '/landed.txt') {
        res.end('landed');
      } else if (path === '/missing') {
        res.writeHead(404).end('not here');
      } else {
        res.end(`hello ${path}`);
      }
    });
    dir = mkdtempSync(join(tmpdir(), 'ferrite-cli-'));
  });
  after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('-o FILE writes a 5 MiB body to FILE intact; the result line names the file', async () => {
    const file = join(dir, 'big.out');
    const r = await runCli(['-o', file, `${srv.url}/big.bin`]);
    expect(r.code, r.err).to.equal(0);
    expect(sha(readFileSync(file))).to.equal(sha(big));
    expect(r.out).to.match(new RegExp(`^200 OK  ${big.length} B  \\d+ ms  .*/big.bin  -> ${file}\n1 requests in`));
    expect(r.err).to.equal('');
  });

  it('-O names each file from its URL (index.html for none), in the working directory; -o pairs in order', async () => {
    const r = await runCli(['-O', `${srv.url}/a%20b.txt`, `${srv.url}/`, `${srv.url}/dir/c.txt?q=1`], { cwd: dir });
    expect(r.code, r.err).to.equal(0);
    expect(readFileSync(join(dir, 'a b.txt'), 'utf8')).to.equal('hello /a%20b.txt');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).to.equal('hello /');
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).to.equal('hello /dir/c.txt?q=1');
    const paired = await runCli(['-o', 'first', '-o', 'second', `${srv.url}/1`, `${srv.url}/chunked`], { cwd: dir });
    expect(paired.code).to.equal(0);
    expect(readFileSync(join(dir, 'first'), 'utf8')).to.equal('hello /1');
    expect(readFileSync(join(dir, 'second'), 'utf8')).to.equal('chunk one chunk two');
  });

  it('-i writes the head before the body; -I sends HEAD and prints the head', async () => {
    const file = join(dir, 'with-head');
    expect((await runCli(['-i', '-o', file, `${srv.url}/h`])).code).to.equal(0);
    expect(readFileSync(file, 'utf8')).to.match(/^HTTP\/1\.1 200 OK\r\n(.+\r\n)*content-length: 8\r\n(.+\r\n)*\r\nhello \/h$/i);
    const head = await runCli(['-I', `${srv.url}/h`]);
    expect(head.code).to.equal(0);
    expect(head.out).to.match(/^200 OK  0 B  \d+ ms  .*\/h\nHTTP\/1\.1 200 OK\r\n/);
    expect(srv.seen.at(-1)!.method).to.equal('HEAD');
  });

  it('-L follows redirects up to --max-redirs; without -L the 302 is the result', async () => {
    const file = join(dir, 'landed');
    const r = await runCli(['-L', '-o', file, `${srv.url}/hop/3`]);
    expect(r.code, r.out).to.equal(0);
    expect(readFileSync(file, 'utf8')).to.equal('landed');
    const none = await runCli([`${srv.url}/hop/3`]);
    expect(none.code).to.equal(0);
    expect(none.out).to.match(/^302 Found  0 B /);
    const capped = await runCli(['-L', '--max-redirs', '2', `${srv.url}/hop/3`]);
    expect(capped.code).to.equal(1);
    expect(capped.out).to.include('ERR ERR_HTTP_TOO_MANY_REDIRECTS');
  });

  it('an HTTP error is a result (exit 0), with -f it fails with exit 22 and writes no file', async () => {
    const plain = await runCli([`${srv.url}/missing`]);
    expect(plain.code).to.equal(0);
    expect(plain.out).to.match(/^404 Not Found  8 B /);
    const file = join(dir, 'never');
    const failed = await runCli(['-f', '-o', file, `${srv.url}/missing`, `${srv.url}/ok`]);
    expect(failed.code).to.equal(22);
    expect(failed.out).to.include('ERR ERR_HTTP_STATUS');
    expect(failed.out).to.match(/2 requests in [\d.]+ s, 1 failed\n$/);
    expect(() => readFileSync(file)).to.throw(/ENOENT/);
  });

  it('connection refused exits 1 (the lowest code wins over -f\'s 22); an unwritable -o exits 23', async () => {
    const r = await runCli(['-f', 'http://127.0.0.1:1/', `${srv.url}/missing`]);
    expect(r.code).to.equal(1);
    expect(r.out).to.include('ERR ECONNREFUSED');
    const w = await runCli(['-o', join(dir, 'no/such/dir/file'), `${srv.url}/x`]);
    expect(w.code).to.equal(23);
    expect(w.out).to.include('ERR ENOENT');
  });

  it('--json prints one parseable line per URL and nothing else', async () => {
    const r = await runCli(['--json', '-o', join(dir, 'j'), `${srv.url}/big.bin`, 'http://127.0.0.1:1/']);
    expect(r.code).to.equal(1);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).to.have.length(2);
    const ok = lines.find((l) => l.status === 200)!;
    expect(ok).to.include({ url: `${srv.url}/big.bin`, bytes: big.length, error: null, file: join(dir, 'j') });
    const t = ok.timings as Record<string, number | null>;
    expect(t.dns).to.equal(null);
    expect(t.connect).to.equal(null);
    expect(t.ttfb).to.be.a('number');
    expect(t.total).to.be.a('number').at.least(t.ttfb!);
    const refused = lines.find((l) => l.status === null)!;
    expect(refused).to.include({ url: 'http://127.0.0.1:1/', bytes: 0, error: 'ECONNREFUSED' });
    expect((refused.timings as Record<string, unknown>).ttfb).to.equal(null);
  });

  it('-K FILE and - (stdin) add URLs, one a line, comments and blank lines skipped', async () => {
    const list = join(dir, 'urls.txt');
    writeFileSync(list, `# mine\n${srv.url}/k1\n\n${srv.url}/k2\n`);
    const r = await runCli(['--json', '-K', list, '-'], { input: `${srv.url}/s1\n` });
    expect(r.code, r.err).to.equal(0);
    const urls = r.out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { url: string }).url);
    expect(urls.sort()).to.deep.equal([`${srv.url}/k1`, `${srv.url}/k2`, `${srv.url}/s1`]);
    const stdinOnly = await runCli(['-K', '-'], { input: `${srv.url}/s2\n` });
    expect(stdinOnly.out).to.match(/^200 OK  9 B .*\/s2\n/);
  });
});

describe('ferrite-get -Z/--parallel', function () {
  this.timeout(20_000);

  it('runs N requests at once: a server that answers only when 3 are waiting is answered with -Z 3', async () => {
    const waiting: (() => void)[] = [];
    const srv = await httpServer((_req, res) => {
      waiting.push(() => res.end('ok'));
      if (waiting.length === 3) for (const go of waiting.splice(0)) go();
    });
    try {
      const r = await runCli(['-Z', '3', ...[1, 2, 3].map((i) => `${srv.url}/${i}`)]);
      expect(r.code, r.err).to.equal(0);
      expect(r.out).to.match(/3 requests in/);
    } finally {
      await srv.close();
    }
  });

  it('-Z 1 never has two requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const srv = await httpServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setImmediate(() => {
        inFlight--;
        res.end('ok');
      });
    });
    try {
      const r = await runCli(['-Z', '1', ...[1, 2, 3, 4].map((i) => `${srv.url}/${i}`)]);
      expect(r.code).to.equal(0);
      expect(most).to.equal(1);
      expect(srv.seen.map((q) => q.url)).to.deep.equal(['/1', '/2', '/3', '/4']);
    } finally {
      await srv.close();
    }
  });
});
