// Preloaded into a ferrite-get child (runCli's `peakRss`): at exit, its peak resident set size in
// KiB (getrusage's ru_maxrss, the kernel's high-water mark) goes to the file FERRITE_TEST_PEAK_RSS.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.FERRITE_TEST_PEAK_RSS!, String(process.resourceUsage().maxRSS)));
