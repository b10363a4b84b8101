/**
 * Sending a file's bytes to the API as the request body (the CSV import), with the session's CSRF token; the answer
 * in the same shape as callApi's, problems included, so forms show them the same way.
 */
import { type ApiResult, csrfToken, type FieldProblem } from "./api.ts";

export async function postFile<T>(path: string, body: ArrayBuffer, contentType: string): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": contentType };
  const csrf = csrfToken();
  if (csrf) headers["x-csrf-token"] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method: "POST", headers, body, credentials: "same-origin" });
  } catch {
    return { ok: false, problem: { status: 0 } };
  }
  const parsed = await res.json().catch(() => undefined);
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const problem = (parsed && typeof parsed === "object" ? parsed : {}) as { detail?: unknown; errors?: unknown };
  return {
    ok: false,
    problem: {
      status: res.status,
      detail: typeof problem.detail === "string" ? problem.detail : undefined,
      errors: Array.isArray(problem.errors) ? problem.errors as FieldProblem[] : undefined,
    },
  };
}
