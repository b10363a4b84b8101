/** GET /healthz: whether the database and the job queue answer, for load balancers and operators. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import type { Database } from "../db/database.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { CORE_VERSION } from "../version.ts";
import type { AppEnv } from "./request-context.ts";

const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({
    ok: z.boolean(),
    kind: z.enum(["postgres", "pglite"]),
    latencyMs: z.number().optional(),
    migrations: z.number().int().optional(),
    detail: z.string().optional(),
  }),
  jobs: z.object({
    ok: z.boolean(),
    kind: z.enum(["bullmq", "in-process"]),
    waiting: z.number().int(),
    active: z.number().int(),
    delayed: z.number().int(),
    failed: z.number().int(),
    detail: z.string().optional(),
  }),
}).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Platform"],
  summary: "Health of the database and the job queue",
  responses: {
    200: { description: "Everything answers", content: { "application/json": { schema: Health } } },
    503: {
      description: "The database or the job queue does not answer",
      content: { "application/json": { schema: Health } },
    },
  },
});

async function databaseHealth(database: Database) {
  const started = performance.now();
  try {
    const result = await Promise.race([
      sql<{ n: number }>`select count(*)::int as n from core.schema_migrations`.execute(database.db),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 3 s")), 3000)),
    ]);
    return {
      ok: true,
      kind: database.kind,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      migrations: result.rows[0].n,
    };
  } catch (error) {
    return { ok: false, kind: database.kind, detail: error instanceof Error ? error.message : String(error) };
  }
}

export function registerHealth(app: OpenAPIHono<AppEnv>, database: Database, jobs: JobRunner): void {
  app.openapi(route, async (c) => {
    const [db, queue] = await Promise.all([databaseHealth(database), jobs.health()]);
    const ok = db.ok && queue.ok;
    return c.json({
      status: ok ? "ok" as const : "degraded" as const,
      version: CORE_VERSION,
      database: db,
      jobs: queue,
    }, ok ? 200 : 503);
  });
}
