/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Field-level problems go in `errors`, each
 * naming the field by its path ("items.0.amount") so a form can show the message beside the input.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Validation failed",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** Throw from a handler to answer with a problem; anything else thrown becomes a 500 without details. */
export class ProblemError extends Error {
  constructor(
    public readonly status: ContentfulStatusCode,
    detail: string,
    public readonly errors?: FieldProblem[],
    public readonly type: string = "about:blank",
  ) {
    super(detail);
    this.name = "ProblemError";
  }
}

export function fieldProblems(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "(body)",
    message: issue.message,
  }));
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail?: string,
  errors?: FieldProblem[],
  type = "about:blank",
): Response {
  const body: ProblemBody = {
    type,
    title: TITLES[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId" as never),
    ...(errors?.length ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json; charset=utf-8" });
}
