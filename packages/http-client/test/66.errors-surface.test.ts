// One error convention: HttpError is a FerriteError with a typed code; "closed" is ERR_CLOSED;
// argument errors are Node's, from @ferrite/future's shared checks. And what index.ts exports is
// what the README's API section documents.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { FerriteError } from '@ferrite/future/errors';
import * as api from '../src/index.js';
import { HttpClient, HttpError } from '../src/index.js';

describe('errors and the public surface', () => {
  it('HttpError is a FerriteError: code, name, cause; a total timeout carries phase and timeout', () => {
    const cause = new Error('x');
    const e = new HttpError('ERR_HTTP_TIMEOUT', 'late', { cause, phase: 'body', timeout: 5 });
    expect(e).to.be.instanceOf(FerriteError).and.instanceOf(Error);
    expect([e.code, e.name, e.cause, e.phase, e.timeout]).to.deep.equal(['ERR_HTTP_TIMEOUT', 'HttpError', cause, 'body', 5]);
    expect(new HttpError('ABORT_ERR', 'aborted').name).to.equal('AbortError');
  });

  it('a closed client fails with an HttpError coded ERR_CLOSED', async () => {
    const client = new HttpClient();
    client.close();
    const err = await client.get('http://127.0.0.1:1/').then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(HttpError).and.have.property('code', 'ERR_CLOSED');
  });

  it('bad options are Node argument errors, named by the option', () => {
    expect(() => new HttpClient({ maxConnections: 0 })).to.throw(RangeError, /options\.maxConnections must be an integer >= 1, got 0 \(number\)/).with.property('code', 'ERR_INVALID_ARG_VALUE');
    expect(() => new HttpClient().get('http://x/', { timeout: '5' as unknown as number })).to.throw(TypeError).with.property('code', 'ERR_INVALID_ARG_TYPE');
  });

  it('every value index.ts exports is in the README API section, in backticks', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('\n## API'), readme.indexOf('\n## ', readme.indexOf('\n## API') + 1));
    const exported = Object.keys(api).sort();
    expect(exported).to.deep.equal(['BodyStream', 'ChunkFuture', 'Headers', 'Http', 'HttpClient', 'HttpError', 'RequestFuture', 'Response', 'StreamingResponse']);
    for (const name of exported) expect(section, name).to.match(new RegExp(`\`(new )?${name}[\`.( <]`));
  });
});
