/**
 * /ui/assets/<name>: the browser bundle and the stylesheet. Every name carries a content hash, so answers may be
 * cached for a year; a new build is a new name. Phones on slow networks get them gzipped (compressed once, kept).
 */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../http/request-context.ts";
import { uiBundle } from "./build/bundle.ts";
import { stylesheet } from "./stylesheet.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";
const gzipped = new Map<string, Promise<Uint8Array>>();

function gzip(name: string, content: Uint8Array): Promise<Uint8Array> {
  let compressed = gzipped.get(name);
  if (!compressed) {
    const stream = new Blob([content.slice()]).stream().pipeThrough(new CompressionStream("gzip"));
    compressed = new Response(stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
    gzipped.set(name, compressed);
  }
  return compressed;
}

async function serve(c: Context<AppEnv>, name: string, content: Uint8Array, type: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": type, "cache-control": IMMUTABLE, vary: "accept-encoding" };
  if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    return c.body((await gzip(name, content)).slice(), 200, { ...headers, "content-encoding": "gzip" });
  }
  return c.body(content.slice(), 200, headers);
}

export function registerUiAssets(app: Hono<AppEnv>): void {
  app.get("/ui/assets/:file", async (c) => {
    const name = c.req.param("file");
    const css = await stylesheet();
    if (name === css.fileName) return serve(c, name, css.content, "text/css; charset=utf-8");
    const script = name.endsWith(".js") ? (await uiBundle()).files.get(name) : undefined;
    if (!script) return c.text("Not found", 404, { "cache-control": "no-store" });
    return serve(c, name, script, "text/javascript; charset=utf-8");
  });
}
