// Types of lib/prebuild.js, the kit's internal prebuild helpers (not in the package's exports).
export declare function platformTag(platform?: string, arch?: string): string;
export declare function prebuildPath(root: string, file: string, tag?: string): string;
export declare function prebuildsFor(root: string, tag?: string): string[];
export declare function loadProblem(path: string): string | null;
export declare function sourceBuildRequest(packageName: string, env?: Record<string, string | undefined>): string | null;
