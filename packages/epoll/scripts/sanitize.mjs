#!/usr/bin/env node
// npm run test:native-sanitize: runs the native scenario under valgrind (memcheck).
// Not part of `npm test`: valgrind makes node ~50x slower.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scenario = fileURLToPath(new URL('./sanitize-scenario.mjs', import.meta.url));
const r = spawnSync('valgrind', ['--error-exitcode=99', '--leak-check=no', '--track-origins=no', '-q', process.execPath, scenario], {
  stdio: 'inherit',
});
if (r.error) {
  console.error(`valgrind not available: ${r.error.message}`);
  process.exit(2);
}
process.exit(r.status ?? 1);
