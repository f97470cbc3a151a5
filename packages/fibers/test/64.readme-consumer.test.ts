// The README's minimal consumer (`ticker.c` and the ```js block under "## The C API"), built with
// nothing but the header and Node's, then run in both modes: what the README shows works.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FiberRuntime, includeDir } from '../src/index.js';
import { modes } from './util/modes.js';
import { nodeInclude } from './util/probe.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.split(/^## The C API\s*$/m)[1]!.split(/^## /m)[0]!;
const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section)![1]!;
// The C file is the first fence after its name (unlabelled: TypeDoc does not highlight C).
const tickerC = /`ticker\.c`[^`]*?:\n\n```\n([\s\S]*?)```/.exec(section)![1]!;

describe("the README's minimal C API consumer", () => {
  let start: (handle: unknown, channel: number, n: number) => void;

  before(() => {
    const out = join(mkdtempSync(join(tmpdir(), 'ferrite-ticker-')), 'ticker.node');
    execFileSync('cc', ['-x', 'c', '-std=c11', '-shared', '-fPIC', '-Wall', '-Wextra', '-Werror', '-DNAPI_VERSION=8', '-I', includeDir, '-I', nodeInclude, '-', '-o', out], { input: tickerC });
    ({ start } = createRequire(import.meta.url)(out));
  });

  it('its JavaScript is what the test runs (the same calls)', () => {
    const js = block('js');
    for (const call of ['rt.channel(', 'start(rt.nativeHandle(), channel, 5)', 'await rt.runInLoop()', 'rt.close()']) expect(js).to.include(call);
  });

  for (const [mode, runIt] of Object.entries(modes)) {
    it(`ticks until JavaScript says stop, sleeping between ticks (${mode})`, async () => {
      using rt = new FiberRuntime();
      const ticks: string[] = [];
      const channel = rt.channel((fiberId, i) => (ticks.push(`fiber ${fiberId}: tick ${i}`), i === 3 ? 'stop' : undefined));
      start(rt.nativeHandle(), channel, 5);
      start(rt.nativeHandle(), channel, 2);
      await runIt(rt);
      expect(ticks).to.deep.equal(['fiber 1: tick 1', 'fiber 2: tick 1', 'fiber 1: tick 2', 'fiber 2: tick 2', 'fiber 1: tick 3']);
      expect(rt.stats()).to.include({ spawned: 2, finished: 2 });
    });
  }
});
