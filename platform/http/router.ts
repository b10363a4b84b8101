/** An OpenAPIHono router whose failed validations answer 422 problem+json naming each field. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { fieldProblems, problemResponse } from "./problem.ts";
import type { AppEnv } from "./request-context.ts";

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === "json" || result.target === "form" ? undefined : result.target;
        return problemResponse(c, 422, "The request has invalid fields.", fieldProblems(result.error, where));
      }
    },
  });
}
