// ferrite-get's command line: --help fits an 80×24 terminal, usage errors exit 2 with a reason,
// -H adds request headers, timeouts are curl's seconds.
import { expect } from 'chai';
import { httpServer, runCli } from './util/cli.js';

describe('ferrite-get arguments', function () {
  this.timeout(20_000);

  it('--help fits an 80×24 terminal, on stdout, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).to.equal(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).to.be.at.most(23);
    for (const l of lines) expect(l.length, l).to.be.at.most(80);
    for (const flag of ['-o', '-O', '-H', '-I', '-L', '-f', '-Z', '-K', '--json', '--max-time', '-k', '--cacert', '-X', '-d', '--data-binary', '--data-raw', '--json-data', '-T']) expect(r.out).to.include(flag);
  });

  it('usage errors exit 2 with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['--nope', 'http://x/'], /Unknown option '--nope'/],
      [['-H', 'no-colon', 'http://x/'], /-H wants 'Name: value'/],
      [['-Z', '0', 'http://x/'], /-Z\/--parallel wants an integer >= 1/],
      [['--max-time', 'soon', 'http://x/'], /--max-time wants seconds/],
      [['--connect-timeout=-1', 'http://x/'], /--connect-timeout wants seconds/],
      [['-o', 'a', '-o', 'b', 'http://x/'], /2 -o files for 1 URLs/],
      [['-K', '/nonexistent/list'], /cannot read -K \/nonexistent\/list/],
      [['-H', 'Bad Name: v', 'http://x/'], /-H 'Bad Name: v' is not a valid header field/],
    ];
    for (const [args, reason] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.out).to.equal('');
      expect(r.err).to.match(/^ferrite-get: /);
      expect(r.err).to.match(reason);
      expect(r.err).to.include('usage: ferrite-get');
    }
  });

  it('-H sends each header (repeatable); --max-time bounds the whole request (exit 1, ERR_HTTP_TIMEOUT)', async () => {
    const srv = await httpServer((req, res) => {
      if (req.url === '/never') return;
      res.end('ok');
    });
    try {
      const r = await runCli(['-H', 'X-One: 1', '-H', 'Accept: text/plain', `${srv.url}/h`]);
      expect(r.code, r.err).to.equal(0);
      expect(srv.seen[0]!.headers).to.include({ 'x-one': '1', accept: 'text/plain' });
      const slow = await runCli(['--max-time', '0.2', `${srv.url}/never`]);
      expect(slow.code).to.equal(1);
      expect(slow.out).to.include('ERR ERR_HTTP_TIMEOUT');
    } finally {
      await srv.close();
    }
  });
});
