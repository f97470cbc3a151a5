// includeDir: what another addon's build adds to its include path to use the C API.
import { spawnSync } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { expect } from 'chai';
import { includeDir } from '../src/index.js';

describe('includeDir', () => {
  it('is an absolute path from which <ferrite/fibers.h> compiles', () => {
    expect(isAbsolute(includeDir)).to.equal(true);
    const source = '#include <ferrite/fibers.h>\nint main(void) { return ferrite_fiber_current((ferrite_fiber_runtime*)0) == 0 ? 0 : 1; }\n';
    const r = spawnSync('cc', ['-fsyntax-only', '-Wall', '-Werror', '-I', includeDir, '-x', 'c', '-'], { input: source, encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
  });
});
