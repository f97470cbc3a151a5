// includeDir: what another addon's build adds to its include path to use the C API.
import { spawnSync } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { expect } from 'chai';
import { includeDir } from '../src/index.js';
import { nodeInclude } from './util/probe.js';

const consumer = `#include <ferrite/fibers.h>
static void body(void* arg) { (void)arg; }
int use(napi_env env, napi_value v) {
  ferrite_fibers_handle h;
  if (ferrite_fibers_import(env, v, &h) != 0) return -1;
  return (int)h.api->spawn(h.rt, body, 0, 0);
}
`;

describe('includeDir', () => {
  for (const [lang, std] of [['c', 'c11'], ['c++', 'c++17']]) {
    it(`is an absolute path from which <ferrite/fibers.h> compiles as ${lang} (${std}), warning-free`, () => {
      expect(isAbsolute(includeDir)).to.equal(true);
      const args = ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', `-std=${std}`, '-DNAPI_VERSION=8', '-I', includeDir, '-I', nodeInclude, '-x', lang, '-'];
      const r = spawnSync('cc', args, { input: consumer, encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
    });
  }
});
