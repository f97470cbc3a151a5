// Where the C header for other addons lives, for their build files (the DESIGN's `includeDir`).
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of this package's `include/` directory, which holds `ferrite/fibers.h`.
 *
 * ```js
 * // CMakeLists.txt of another addon, configured from a script:
 * const { includeDir } = await import('@ferrite/fibers');
 * execFileSync('cmake', [`-DFERRITE_FIBERS_INCLUDE=${includeDir}`, '..']);
 * ```
 */
export const includeDir: string = fileURLToPath(new URL('../include', import.meta.url));
