/**
 * The rule that keeps plugins replaceable: a file under plugins/ may import from the platform only through
 * platform/sdk.ts. Checked by a test over every plugin file.
 */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

/** Imports of `file` (a path under the repository) that reach into platform/ other than platform/sdk.ts. */
export function forbiddenImports(file: URL, source: string, platformDir: URL): string[] {
  return importSpecifiers(source).filter((specifier) => {
    if (!specifier.startsWith(".")) return false;
    const target = new URL(specifier, file);
    return target.href.startsWith(platformDir.href) && target.href !== new URL("sdk.ts", platformDir).href;
  });
}
