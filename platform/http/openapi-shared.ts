/** OpenAPI pieces the route modules share. */
import { z } from "@hono/zod-openapi";

/** The `content` of an error response: an RFC 9457 problem (see problem.ts), e.g. `422: { description, content: problem }`. */
export const problem = { "application/problem+json": { schema: z.object({}).passthrough() } };
