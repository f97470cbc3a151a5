#!/usr/bin/env node
/**
 * ferrite-get [options] URL...: the package's command-line tool (`bin`), curl's and wget's habits
 * on the ferrite client: concurrent GETs, -o/-O downloads streamed to disk with a progress bar on
 * a terminal, -L, -f, --json, -Z, -K, and uploads (-X, -d, --data-binary, --json-data, -T, files
 * streamed). The flags and exit codes are in the README's ferrite-get
 * section and `--help`; the parts live in cli/ (args, body, fetch, output, progress, main).
 * (The book's demo, a delay server and five delayed URLs, is examples/ch08-runtime/d-ferrite-get.ts:
 * `npm start` at the repository root. The client itself depends on no server.)
 */
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
