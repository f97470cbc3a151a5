/** The two ways loading can fail before the addon runs. */
export type LoadErrorCode = 'ERR_UNSUPPORTED_PLATFORM' | 'ERR_NATIVE_BUILD_MISSING';

/** What {@link loadAddon} needs to know about the calling package. */
export interface LoadAddonOptions {
  /** The package's npm name, as messages name it (`@ferrite/epoll`). */
  packageName: string;
  /**
   * The caller's `import.meta.url` (or a file path): `file` is resolved from the nearest folder
   * above it that holds a package.json, i.e. the package's root from `dist/` or `src/` alike.
   */
  dir: string | URL;
  /** The addon, relative to the package root: `build/Release/ferrite_epoll.node`. */
  file: string;
  /** Where the package runs: `'linux'` (any architecture) or `'linux-x64'`, `'linux-arm64'`. */
  platforms: readonly string[];
  /** Builds the package's own error class for a load failure; loadAddon throws what it returns. */
  makeError(code: LoadErrorCode, message: string): Error;
}

/**
 * The package's native addon (what `require()` returns for it). Throws `makeError`'s error with
 * `ERR_UNSUPPORTED_PLATFORM` on a platform not listed, and with `ERR_NATIVE_BUILD_MISSING` (the
 * message names `npm rebuild <packageName>`) when the file is not there, as after an install
 * with scripts skipped; any other load failure is thrown as it is.
 */
export declare function loadAddon<T = unknown>(options: LoadAddonOptions): T;
