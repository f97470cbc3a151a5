// ferrite-get's bodies from stdin (@-, -T -, a FIFO), replayed or not on a 307, over a Unix socket,
// and the usage errors of the upload flags (exit 2 before any request: nothing reaches the server).
import { execFileSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from './util/cli.js';
import { cliEcho, cliEchoSuite, sha256 } from './util/cli-echo.js';

describe('ferrite-get upload from stdin, over a Unix socket, and its usage errors', function () {
  this.timeout(60_000);
  const fx = cliEchoSuite();

  it('--data-binary @- streams stdin as it is (chunked); -T - PUTs it; a pipe named as a file is streamed too', async () => {
    const input = Buffer.alloc(300_000, 'line\r\n');
    for (const args of [['--data-binary', '@-', `${fx.srv.url}/in`], ['-T', '-', `${fx.srv.url}/put/`]]) {
      const r = await runCli(args, { input });
      expect(r.code, r.out + r.err).to.equal(0);
    }
    const fifo = join(fx.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.end(input);
    const p = await runCli(['--data-binary', `@${fifo}`, `${fx.srv.url}/pipe`]);
    expect(p.code, p.out + p.err).to.equal(0);
    expect(fx.srv.seen.map((s) => `${s.method} ${s.url} ${s.sha256 === sha256(input)} ${s.headers['transfer-encoding']}`)).to.deep.equal([
      'POST /in true chunked',
      'PUT /put/ true chunked',
      'POST /pipe true chunked',
    ]);
  });

  it('-L and a 307: a file body is sent again whole; a stdin body cannot be (ERR_HTTP_BODY_NOT_REPLAYABLE, exit 1)', async () => {
    const file = join(fx.dir, 'replay');
    writeFileSync(file, 'twice');
    const r = await runCli(['-L', '--data-binary', `@${file}`, `${fx.srv.url}/moved`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(fx.srv.seen.map((s) => `${s.method} ${s.url} ${s.text}`)).to.deep.equal(['POST /moved twice', 'POST /landed twice']);
    const s = await runCli(['-L', '--data-binary', '@-', `${fx.srv.url}/moved`], { input: 'once' });
    expect(s.code, s.out + s.err).to.equal(1);
    expect(s.out).to.include('ERR ERR_HTTP_BODY_NOT_REPLAYABLE');
  });

  it('-d @- reads stdin whole, newlines dropped, and sends it to every URL', async () => {
    const r = await runCli(['-d', '@-', `${fx.srv.url}/1`, `${fx.srv.url}/2`], { input: 'a=1\nb=2\n' });
    expect(r.code, r.out + r.err).to.equal(0);
    expect(fx.srv.seen.map((s) => s.text)).to.deep.equal(['a=1b=2', 'a=1b=2']);
  });

  it('--unix-socket with -d: the form goes over the socket', async () => {
    const sock = join(fx.dir, 's.sock');
    const unix = await cliEcho(sock);
    try {
      const r = await runCli(['--unix-socket', sock, '-d', 'over=unix', 'http://local/u']);
      expect(r.code, r.out + r.err).to.equal(0);
      expect(unix.seen.map((s) => `${s.method} ${s.headers.host} ${s.url} ${s.text}`)).to.deep.equal(['POST local /u over=unix']);
    } finally {
      await unix.close();
    }
  });

  it('usage errors exit 2 with the reason, and send nothing', async () => {
    const url = `${fx.srv.url}/never`;
    const cases: [string[], RegExp][] = [
      [['-I', '-d', 'a', url], /-I\/--head sends no body/],
      [['-d', `@${join(fx.dir, 'missing')}`, url], /cannot read -d file .*missing: ENOENT/],
      [['--data-binary', `@${join(fx.dir, 'missing')}`, url], /cannot read --data-binary file .*missing/],
      [['--json-data', `@${fx.dir}`, url], /cannot read --json-data file .*: it is a directory/],
      [['-T', join(fx.dir, 'missing'), url], /cannot read -T file/],
      [['-T', '-', '-d', 'a', url], /-T\/--upload-file cannot be used with -d/],
      [['--data-binary', '@-', url, url], /streamed from stdin can be sent once, not to 2 URLs/],
      [['--data-binary', '@-', '-d', '@-', url], /stdin is already read/],
      [['--data-binary', '@-', '-'], /stdin cannot give both the URLs and the body/],
      [['-X', 'BAD METHOD', url], /-X wants an HTTP method token/],
      [['-X', 'connect', url], /-X CONNECT is not supported/],
      [['-X', 'TRACE', '-d', 'a', url], /TRACE may not have a body/],
    ];
    // All at once: each is a child process that exits at once.
    const runs = await Promise.all(cases.map(([args]) => runCli(args, { input: `${url}\n` })));
    for (const [i, [args, reason]] of cases.entries()) {
      expect(runs[i]!.code, args.join(' ')).to.equal(2);
      expect(runs[i]!.out).to.equal('');
      expect(runs[i]!.err).to.match(reason);
    }
    expect(fx.srv.seen).to.deep.equal([]);
  });
});
