/**
 * Per-request id and access log. The id comes from `X-Request-Id` when a proxy set a sane one, otherwise it
 * is made here; it is echoed back, put in every log line and in problem bodies, so a user's error report
 * can be matched to the log.
 */
import type { MiddlewareHandler } from "hono";
import { uuidv7 } from "../ids.ts";
import type { Principal } from "../identity/principal.ts";
import type { Logger } from "../log.ts";

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** Path segments that are secrets (invitation and status tokens): long enough that nothing else matches. */
const SECRET_SEGMENT = /\/[A-Za-z0-9_-]{40,}(?=\/|$)/g;

/** The path as logged: secret tokens in it are replaced, so logs never hold a usable link. */
export function loggablePath(path: string): string {
  return path.replace(SECRET_SEGMENT, "/<token>");
}

export type AppEnv = { Variables: { requestId: string; log: Logger; principal?: Principal } };

export function requestContext(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : uuidv7();
    const requestLog = log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", requestLog);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const path = loggablePath(new URL(c.req.url).pathname);
    if (path === "/healthz" && c.res.status === 200) return;
    requestLog.info("request", {
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
