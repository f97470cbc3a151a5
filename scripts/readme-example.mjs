// The runnable example of a package's README, shared by the checks that run it from an installed
// copy (scripts/pack-check.mjs from tarballs, scripts/release-check.mjs from a registry).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first ```js block under the README's "## Example" heading. */
export function readmeExample(dir) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = readme.split(/^## Example\s*$/m)[1];
  const code = section && /```js\n([\s\S]*?)```/.exec(section);
  if (!code) throw new Error(`${dir}/README.md has no \`\`\`js block under "## Example"`);
  return code[1];
}
