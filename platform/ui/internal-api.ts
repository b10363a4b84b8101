/**
 * Pages read data through the JSON API, called in-process with the visitor's own cookie, rather than through
 * the modules behind it: permission checks, tenant scoping and masking happen in one place, and a page shows
 * exactly what the browser would get from the API.
 */
import type { Context, Hono } from "hono";
import type { ProblemBody } from "../http/problem.ts";
import type { AppEnv } from "../http/request-context.ts";

export type ApiAnswer<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: ProblemBody };

export interface InternalApi {
  get<T>(path: string): Promise<ApiAnswer<T>>;
  /** The data, or an ApiCallError the page frame turns into the 403, 404 or error page. */
  data<T>(path: string): Promise<T>;
}

export class ApiCallError extends Error {
  constructor(public readonly status: number, public readonly problem: ProblemBody, path: string) {
    super(`GET ${path} answered ${status}: ${problem.detail ?? problem.title ?? ""}`);
    this.name = "ApiCallError";
  }
}

const FORWARDED = ["cookie", "accept-language", "x-forwarded-proto", "x-forwarded-for", "user-agent"];

export function internalApi(app: Hono<AppEnv>, c: Context<AppEnv>): InternalApi {
  const api: InternalApi = {
    async data<T>(path: string): Promise<T> {
      const answer = await api.get<T>(path);
      if (!answer.ok) throw new ApiCallError(answer.status, answer.problem, path);
      return answer.data;
    },
    async get<T>(path: string): Promise<ApiAnswer<T>> {
      if (!path.startsWith("/api/")) throw new Error(`internalApi only calls the API, not ${path}`);
      const headers = new Headers({ accept: "application/json", "x-request-id": c.get("requestId") });
      for (const name of FORWARDED) {
        const value = c.req.header(name);
        if (value) headers.set(name, value);
      }
      // The page's own origin, so links the API builds (invitation URLs) point where the visitor is.
      const res = await app.fetch(new Request(new URL(path, c.req.url), { headers }));
      const body = await res.json().catch(() => ({}));
      return res.ok
        ? { ok: true, status: res.status, data: body as T }
        : { ok: false, status: res.status, problem: body as ProblemBody };
    },
  };
  return api;
}
