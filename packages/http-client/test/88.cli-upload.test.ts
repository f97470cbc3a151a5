// ferrite-get's upload flags, driven as a user would against a node:http server that echoes
// each request: -d (form, joined with '&', @file with newlines dropped), --data-raw,
// --data-binary, --json-data, -T, -X, -H overriding the implied headers, -L turning a 303 into a GET.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from './util/cli.js';
import { cliEchoSuite, sha256 } from './util/cli-echo.js';

describe('ferrite-get uploads', function () {
  this.timeout(60_000);
  const fx = cliEchoSuite();

  it('-d sends a form POST; several -d are joined with &; -d @file drops CR and LF; --data-raw keeps a leading @', async () => {
    const form = join(fx.dir, 'form.txt');
    writeFileSync(form, 'b=2\r\nc=3\n');
    const r = await runCli(['-d', 'a=1', '-d', `@${form}`, '--data-raw', '@d', `${fx.srv.url}/form`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.match(/^200 OK  \d+ B  \d+ ms  http:\/\/.*\/form\n/);
    const [s] = fx.srv.seen;
    expect(s!.method).to.equal('POST');
    expect(s!.text).to.equal('a=1&b=2c=3&@d');
    expect(s!.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    expect(s!.headers['content-length']).to.equal('13');
  });

  it('--data-binary @file sends the bytes as they are (CR, LF, NUL), with Content-Length, to every URL', async () => {
    const bin = Buffer.from([0, 13, 10, 255, 64, 10, 13, 1]);
    const file = join(fx.dir, 'bin');
    writeFileSync(file, bin);
    const r = await runCli(['--data-binary', `@${file}`, `${fx.srv.url}/a`, `${fx.srv.url}/b`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(fx.srv.seen.map((s) => s.url).sort()).to.deep.equal(['/a', '/b']);
    for (const s of fx.srv.seen) {
      expect(s.sha256).to.equal(sha256(bin));
      expect(s.headers['content-length']).to.equal('8');
      expect(s.headers['transfer-encoding']).to.equal(undefined);
    }
  });

  it('--json-data sets Content-Type and Accept to JSON; pieces are concatenated as curl --json does; -H overrides either', async () => {
    const r = await runCli(['--json-data', '{"a":', '--json-data', '1}', '-H', 'accept: text/plain', `${fx.srv.url}/j`]);
    expect(r.code, r.out + r.err).to.equal(0);
    const [s] = fx.srv.seen;
    expect(s!.method).to.equal('POST');
    expect(JSON.parse(s!.text)).to.deep.equal({ a: 1 });
    expect(s!.headers['content-type']).to.equal('application/json');
    expect(s!.headers.accept).to.equal('text/plain');
  });

  it('-H Content-Type replaces the form type (one field, any case)', async () => {
    const r = await runCli(['-H', 'content-TYPE: text/csv', '-d', 'x,y', `${fx.srv.url}/csv`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(fx.srv.seen[0]!.headers['content-type']).to.equal('text/csv');
    expect(fx.srv.seen[0]!.text).to.equal('x,y');
  });

  it('-X sets the method with a body (PUT, DELETE, patch sent upper case); -X GET -d sends a GET with the body, as curl', async () => {
    for (const m of ['PUT', 'DELETE', 'patch', 'GET']) {
      const r = await runCli(['-X', m, '-d', `m=${m}`, `${fx.srv.url}/x`]);
      expect(r.code, r.out + r.err).to.equal(0);
    }
    expect(fx.srv.seen.map((s) => `${s.method} ${s.text}`)).to.deep.equal(['PUT m=PUT', 'DELETE m=DELETE', 'PATCH m=patch', 'GET m=GET']);
  });

  it('-T FILE PUTs the file, appending its name to a URL that ends in /', async () => {
    const file = join(fx.dir, 'up load.txt');
    writeFileSync(file, 'uploaded');
    const r = await runCli(['-T', file, `${fx.srv.url}/files/`]);
    expect(r.code, r.out + r.err).to.equal(0);
    const [s] = fx.srv.seen;
    expect(`${s!.method} ${s!.url} ${s!.text}`).to.equal('PUT /files/up%20load.txt uploaded');
    expect(s!.headers['content-type']).to.equal(undefined);
  });

  it('-L: a 303 after a POST is followed with a GET without the body or its fields', async () => {
    const r = await runCli(['-L', '-d', 'a=1', `${fx.srv.url}/see-other`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.match(/^200 OK .*\/see-other\n/);
    expect(fx.srv.seen.map((s) => `${s.method} ${s.url} ${s.bytes}`)).to.deep.equal(['POST /see-other 3', 'GET /landed 0']);
    expect(fx.srv.seen[1]!.headers['content-type']).to.equal(undefined);
  });

  it('a server answering 413 without reading the body: the status is printed (exit 0), with -f exit 22', async () => {
    const r = await runCli(['-d', 'a=1', `${fx.srv.url}/reject`]);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.match(/^413 Payload Too Large  7 B /);
    const f = await runCli(['-f', '-d', 'a=1', `${fx.srv.url}/reject`]);
    expect(f.code, f.out + f.err).to.equal(22);
    expect(f.out).to.match(/^413 Payload Too Large .* ERR ERR_HTTP_STATUS/);
  });
});
