/**
 * Browser tests: the real app served on a free 127.0.0.1 port, and headless Debian Chromium driven by
 * playwright-core. Each `openBrowser` is its own Chromium with a fresh user-data-dir, so each person in a
 * scenario has their own cookies, language and screen size.
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../platform/http/request-context.ts";

export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

// Quiet and deterministic: no sandbox (CI runs as root), no GPU, and none of Chromium's own traffic.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestServer extends AsyncDisposable {
  url: string;
}

export function serveApp(app: OpenAPIHono<AppEnv>): TestServer {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

export interface TestBrowser extends AsyncDisposable {
  context: BrowserContext;
  page: Page;
}

export async function openBrowser(
  options: { locale?: "zh-CN" | "en-US"; viewport?: { width: number; height: number } } = {},
): Promise<TestBrowser> {
  const userDataDir = await Deno.makeTempDir({ prefix: "district-chromium-" });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      locale: options.locale ?? "zh-CN",
      viewport: options.viewport ?? DESKTOP,
      timezoneId: "Asia/Shanghai",
    });
  } catch (error) {
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
    throw new Error(`Chromium did not start from ${CHROMIUM} (set CHROMIUM_PATH to another binary): ${error}`);
  }
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? await context.newPage();
  // A failing island shows up as a console error or a page error; the test should see it, not just a dead button.
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    // Chromium logs every 4xx answer as "Failed to load resource"; forms expect those (422, 401, 429).
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  return {
    context,
    page,
    [Symbol.asyncDispose]: async () => {
      await context.close();
      await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
      if (errors.length) throw new Error(`the browser reported errors:\n${errors.join("\n")}`);
    },
  };
}

/** True when the page is wider than the viewport (the reader would have to scroll sideways). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
