/**
 * Where to go after signing in. Only a path on this site is honoured: "//evil.example", "https://…",
 * "/\\evil" and anything else that a browser could read as another origin is dropped.
 */
export function safeNext(value: string | undefined | null): string | undefined {
  if (!value || !value.startsWith("/") || value.startsWith("//")) return undefined;
  // Browsers treat "\" like "/" in URLs, and control characters are stripped before parsing.
  if (value.includes("\\") || [...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return undefined;
  }
  const base = "http://same.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  return url.pathname + url.search + url.hash;
}
