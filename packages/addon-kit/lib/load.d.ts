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
  /**
   * The local build, relative to the package root: `build/Release/ferrite_epoll.node`. Its
   * prebuild is the file of the same name in `prebuilds/<platform>-<arch>/`.
   */
  file: string;
  /** Where the package runs: `'linux'` (any architecture) or `'linux-x64'`, `'linux-arm64'`. */
  platforms: readonly string[];
  /** Builds the package's own error class for a load failure; loadAddon throws what it returns. */
  makeError(code: LoadErrorCode, message: string): Error;
}

/**
 * The package's native addon (what `require()` returns for it): the local build `file` when it
 * exists (a source checkout, or an install that compiled), else the prebuild shipped for this
 * `<platform>-<arch>`. Throws `makeError`'s error with `ERR_UNSUPPORTED_PLATFORM` on a platform
 * not listed, and with `ERR_NATIVE_BUILD_MISSING` (the message names the platform, why the
 * prebuild did not load if there is one, and `npm rebuild --build-from-source <packageName>`)
 * when neither loads; a local build that exists but fails to load is thrown as it is.
 */
export declare function loadAddon<T = unknown>(options: LoadAddonOptions): T;
