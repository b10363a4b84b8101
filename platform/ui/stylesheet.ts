/** The one stylesheet (styles.css), read once and served under a name carrying its hash. */
import { createHash } from "node:crypto";

export interface Stylesheet {
  url: string;
  fileName: string;
  content: Uint8Array;
}

let current: Promise<Stylesheet> | undefined;

export function stylesheet(): Promise<Stylesheet> {
  current ??= (async () => {
    const content = await Deno.readFile(new URL("./styles.css", import.meta.url));
    const fileName = `${createHash("sha256").update(content).digest("hex").slice(0, 16)}.css`;
    return { url: `/ui/assets/${fileName}`, fileName, content };
  })();
  return current;
}
