// checkFibersConsumer: proves that an addon nobody in packages/fibers wrote can use the fibers C API
// from the published tarball alone. It copies examples/fibers-addon (a C addon with its own
// CMakeLists.txt, built by cmake-js against the header the installed package's `includeDir` names)
// into a fresh project outside the repository, installs the given tarballs there (cmake-js, the
// example's one other dependency, comes from the registry or npm's cache), builds the addon with
// its build.mjs, and runs its node:test suite (concurrent TCP clients in fibers, both run modes,
// close while waiting, worker threads).
//
// Contract:
//   await checkFibersConsumer({ tarballs, workDir, env?, log? }) -> { ok: boolean, detail: string }
//   - tarballs: absolute paths of packed tarballs; must include @ferrite/fibers' and the packages it
//     depends on (@ferrite/addon-kit); others are harmless.
//   - workDir: an existing scratch folder; the project is made in <workDir>/fibers-consumer (which
//     must not exist yet). Nothing outside it is written; it is left for the caller to remove.
//   - env: the environment for npm, the build and the tests (default process.env; pass one without
//     npm_* variables, as pack-check.mjs's cleanEnv). Needs a C compiler, cmake and Node's headers.
//   - log: where progress lines go (default console.log); one 'ok  ' or 'FAIL' line at the end.
//   It never throws for a failed step: ok is false and detail holds the step and its output.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const exampleDir = fileURLToPath(new URL('../../examples/fibers-addon/', import.meta.url));
// What the consumer project gets of the example: its sources, build files, tests, manifest.
const COPIED = ['package.json', 'CMakeLists.txt', 'build.mjs', 'index.js', 'src', 'test'];

export async function checkFibersConsumer({ tarballs, workDir, env = process.env, log = console.log }) {
  const project = join(workDir, 'fibers-consumer');
  const step = (what, cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
    return r.status === 0 ? null : `${what} failed (${cmd} ${args.join(' ')}: status ${r.status}${r.error ? `, ${r.error.message}` : ''})\n${r.stdout}\n${r.stderr}`;
  };
  const result = (problem, detail = '') => {
    const ok = problem === null;
    log(`${ok ? 'ok  ' : 'FAIL'} fibers C API consumer (examples/fibers-addon): ${ok ? detail : problem.split('\n')[0]}`);
    return { ok, detail: ok ? detail : problem };
  };

  mkdirSync(project);
  for (const name of COPIED) cpSync(join(exampleDir, name), join(project, name), { recursive: true });
  // npm may run the project's own install script (build.mjs) as well; the build runs explicitly
  // below either way, so that a failure names its step.
  const install = step('npm install', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs]);
  if (install) return result(install);
  const build = step('the addon build (build.mjs: cmake-js against the installed includeDir)', process.execPath, ['build.mjs']);
  if (build) return result(build);
  if (!existsSync(join(project, 'build', 'Release', 'fibers_clients.node'))) return result('the build made no build/Release/fibers_clients.node');
  const files = readdirSync(join(project, 'test')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('test', f));
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { cwd: project, env, encoding: 'utf8', timeout: 300_000 });
  const pass = Number(/^# pass (\d+)$/m.exec(r.stdout ?? '')?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)$/m.exec(r.stdout ?? '')?.[1] ?? -1);
  if (r.status !== 0 || fail !== 0 || pass === 0) return result(`its tests failed (status ${r.status}, ${pass} passed, ${fail} failed)\n${r.stdout}\n${r.stderr}`);
  return result(null, `built from the installed header, ${pass} tests passed`);
}
