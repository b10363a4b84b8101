/**
 * The OpenAPI 3 document at /api/openapi.json and a readable, try-it-out page at /api/docs (Swagger UI, served
 * from the installed npm package so the page works without internet access).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { CORE_VERSION } from "../version.ts";
import type { AppEnv } from "./request-context.ts";

const SWAGGER_DIR = new URL("../../node_modules/swagger-ui-dist/", import.meta.url);
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const DESCRIPTION = `智慧商圈平台开放接口 · Open API of the smart business district platform.

- Errors are \`application/problem+json\` (RFC 9457); validation problems list each field in \`errors\`.
- Every response carries \`X-Request-Id\`; quote it when reporting a problem.
- Money is integer fen (分); times are ISO 8601 with offset; the default time zone is Asia/Shanghai.`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>接口文档 · API documentation</title>
  <link rel="icon" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  <style>body{margin:0;font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif}
  header{padding:12px 20px;background:#0b3d91;color:#fff}header a{color:#cfe0ff}</style>
</head>
<body>
  <header>智慧商圈平台 · District platform — 接口文档 API documentation ·
    <a href="/api/openapi.json">openapi.json</a></header>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#docs", deepLinking: true });</script>
</body>
</html>`;

export function registerApiDocs(app: OpenAPIHono<AppEnv>): void {
  app.doc("/api/openapi.json", {
    openapi: "3.0.3",
    info: { title: "District platform API · 智慧商圈平台接口", version: CORE_VERSION, description: DESCRIPTION },
    servers: [{ url: "/" }],
  });
  app.get("/api/docs", (c) => c.html(PAGE));
  app.get("/api/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.notFound();
    const body = await Deno.readFile(new URL(file, SWAGGER_DIR));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
