#!/usr/bin/env node
// The public surface of a package is what its README documents, and nothing tagged `@internal`
// ships. Given package directories (installed copies or the workspace ones, with dist/ built),
// this reads each entry point's shipped .d.ts through the TypeScript compiler (so `export *` and
// re-exports count like a user's editor sees them) and fails when:
//   - a shipped .d.ts mentions `@internal` (stripInternal must have removed those members), or
//   - an exported name (or a member of an exported namespace such as `net.TcpStream`) is not
//     mentioned in backticks in the README's "## API" section.
// Usage: node scripts/check-surface.mjs [packageDir...]   (default: every packages/*)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

// Folders that hold no shipped declarations (sources, tests, native builds, dependencies).
const NOT_SHIPPED = new Set(['node_modules', 'src', 'test', 'build', 'dist-test']);

/** Every .d.ts under `dir`, recursively, outside the folders above. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return NOT_SHIPPED.has(e.name) ? [] : declarations(path);
    return e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The `types` file of each subpath in package.json `exports` (".", "./sync", ...). */
function entryPoints(dir, pkg) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? { '.': { types: pkg.types } })) {
    if (typeof target === 'object' && target?.types) entries.push({ subpath, file: resolve(dir, target.types) });
  }
  return entries;
}

/** Exported names of one entry: `Name`, and `ns.Member` for each member of an exported namespace. */
function exportedNames(file) {
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file));
  if (!module) return [];
  const names = [];
  for (const symbol of checker.getExportsOfModule(module)) {
    names.push(symbol.name);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (target.flags & ts.SymbolFlags.ValueModule) {
      for (const member of checker.getExportsOfModule(target)) names.push(`${symbol.name}.${member.name}`);
    }
  }
  return names;
}

/** The README's "## API" section (up to the next level-2 heading). */
function apiSection(dir) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const start = readme.search(/^## API\b/m);
  if (start < 0) return null;
  const rest = readme.slice(start + 6);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/** True if `name` (or, for `ns.Member`, the member qualified or alone) appears inside backticks. */
function mentioned(api, name) {
  const spans = api.match(/`[^`\n]+`/g) ?? [];
  const word = (n) => new RegExp(`(^|[^\\w$])${n.replace(/[.$]/g, '\\$&')}($|[^\\w$])`);
  const candidates = name.includes('.') ? [name, name.split('.').pop()] : [name];
  return spans.some((span) => candidates.some((n) => word(n).test(span)));
}

export function checkSurface(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const problems = [];
  for (const file of declarations(dir)) {
    if (readFileSync(file, 'utf8').includes('@internal')) problems.push(`${file.slice(dir.length + 1)} ships an @internal member`);
  }
  const api = apiSection(dir);
  if (api === null) return [...problems, 'README.md has no "## API" section'];
  for (const { subpath, file } of entryPoints(dir, pkg)) {
    for (const name of exportedNames(file)) {
      if (!mentioned(api, name)) problems.push(`exports \`${name}\` (from "${subpath}") but the README's API section never mentions it`);
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : readdirSync(join(root, 'packages')).map((n) => join(root, 'packages', n));
  let failed = 0;
  for (const dir of dirs) {
    const problems = checkSurface(dir);
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    if (problems.length) failed++;
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.map((p) => `\n       ${p}`).join('')}`);
  }
  if (failed) process.exitCode = 1;
}
