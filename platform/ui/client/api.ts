/**
 * How islands call the JSON API: same-origin fetch with the session cookie, the CSRF token from the page's
 * <meta name="csrf-token">, and problem+json answers turned into one shape the forms can show.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  /** 0 when the server could not be reached at all. */
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  /** Seconds, from Retry-After (a locked account). */
  retryAfter?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; problem: Problem };

export function csrfToken(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content || undefined;
}

export async function callApi<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const csrf = csrfToken();
  if (csrf && method !== "GET") headers["x-csrf-token"] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, problem: { status: 0 } };
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch { /* not JSON: keep the status alone */ }
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const problem = (parsed && typeof parsed === "object" ? parsed : {}) as Partial<Problem>;
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    problem: {
      status: res.status,
      detail: typeof problem.detail === "string" ? problem.detail : undefined,
      errors: Array.isArray(problem.errors) ? problem.errors : undefined,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    },
  };
}
