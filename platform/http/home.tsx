/** The landing page: what this server is and where to go next. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { renderToString } from "preact-render-to-string";
import { CORE_VERSION } from "../version.ts";
import type { AppEnv } from "./request-context.ts";

function Home() {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>智慧商圈平台 · District platform</title>
        <style>
          {`body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2933}
          main{max-width:720px;margin:0 auto;padding:32px 20px}h1{color:#0b3d91}a{color:#0b3d91}
          li{margin:8px 0}.en{color:#52606d}`}
        </style>
      </head>
      <body>
        <main>
          <h1>智慧商圈平台</h1>
          <p class="en">Smart business district platform · v{CORE_VERSION}</p>
          <ul>
            <li>
              <a href="/api/docs">接口文档</a> <span class="en">API documentation</span>
            </li>
            <li>
              <a href="/healthz">运行状态</a> <span class="en">Health</span>
            </li>
          </ul>
        </main>
      </body>
    </html>
  );
}

export function registerHome(app: OpenAPIHono<AppEnv>): void {
  app.get("/", (c) => c.html("<!doctype html>" + renderToString(<Home />)));
}
