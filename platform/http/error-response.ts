/** Turns anything thrown by a handler into a problem response; unexpected errors are logged, never shown. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "../log.ts";
import { ProblemError, problemResponse } from "./problem.ts";
import { loggablePath } from "./request-context.ts";

export function errorResponse(error: unknown, c: Context, log: Logger, onUnexpected?: (error: unknown) => void) {
  if (error instanceof ProblemError) return problemResponse(c, error.status, error.message, error.errors, error.type);
  if (error instanceof HTTPException) return problemResponse(c, error.status as 400, error.message);
  onUnexpected?.(error);
  log.error("unhandled error", { error, path: loggablePath(new URL(c.req.url).pathname) });
  return problemResponse(c, 500, "Something went wrong on our side; quote the request id when reporting it.");
}
