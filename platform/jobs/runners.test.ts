/**
 * The same behaviour from both runners: the in-process one always, BullMQ on the Redis named by REDIS_URL
 * (the suite's PostgreSQL + Redis run sets it).
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { openTestDatabase, type TestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { memoryLogger } from "../log.ts";
import { BullMQRunner } from "./bullmq-runner.ts";
import { defineJob, type JobDefinition, schedule, type ScheduleDefinition } from "./define.ts";
import { InProcessRunner } from "./inprocess-runner.ts";
import type { JobRunner, RunnerDeps } from "./runner.ts";

type MakeRunner = (deps: RunnerDeps) => JobRunner;

const runners: [string, MakeRunner][] = [["in-process", (deps) => new InProcessRunner(deps)]];
const redisUrl = Deno.env.get("REDIS_URL");
if (redisUrl) {
  runners.push(["bullmq", (deps) => new BullMQRunner(deps, { redisUrl, prefix: `test-${crypto.randomUUID()}` })]);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Harness extends AsyncDisposable {
  runner: JobRunner;
  database: TestDatabase;
  tenants: string[];
}

async function harness(
  make: MakeRunner,
  jobs: JobDefinition<unknown>[],
  schedules: ScheduleDefinition[] = [],
): Promise<Harness> {
  const database = await openTestDatabase();
  const tenants = await createTestTenants(database, 2);
  const runner = make({ db: database.db, log: memoryLogger("error"), jobs, schedules });
  return {
    runner,
    database,
    tenants,
    [Symbol.asyncDispose]: async () => {
      if (runner instanceof BullMQRunner) await runner.obliterate();
      await runner.close();
      await database.close();
    },
  };
}

for (const [kind, make] of runners) {
  Deno.test(`${kind}: a job runs with its validated input; bad input is refused at enqueue`, async () => {
    const seen: unknown[] = [];
    const greet = defineJob({
      name: "test.greet",
      input: z.object({ name: z.string().min(1) }),
      run: (_ctx, input) => Promise.resolve(void seen.push(input)),
    });
    await using h = await harness(make, [greet as JobDefinition<unknown>]);
    await h.runner.startWorkers();
    await h.runner.enqueue(greet, { name: "彭城" });
    await until("the job to run", () => seen.length === 1);
    assert.deepEqual(seen, [{ name: "彭城" }]);
    await assert.rejects(h.runner.enqueue(greet, { name: "" }), /job test.greet: invalid input: name/);
  });

  Deno.test(`${kind}: a failing job is retried with backoff and then succeeds`, async () => {
    const attempts: number[] = [];
    const flaky = defineJob({
      name: "test.flaky",
      input: z.object({}),
      attempts: 3,
      backoffMs: 50,
      run: (ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 2) throw new Error("the upstream system is busy");
        return Promise.resolve("done");
      },
    });
    const broken = defineJob({
      name: "test.broken",
      input: z.object({}),
      attempts: 2,
      backoffMs: 20,
      run: () => Promise.reject(new Error("always broken")),
    });
    await using h = await harness(make, [flaky, broken] as JobDefinition<unknown>[]);
    await h.runner.startWorkers();
    await h.runner.enqueue(flaky, {});
    await h.runner.enqueue(broken, {});
    await until("the retry to succeed", () => attempts.length === 2);
    assert.deepEqual(attempts, [1, 2]);
    await until("the broken job to be given up", async () => (await h.runner.failures()).length === 1);
    const [failure] = await h.runner.failures();
    assert.deepEqual({ name: failure.name, reason: failure.reason, attempts: failure.attempts }, {
      name: "test.broken",
      reason: "always broken",
      attempts: 2,
    });
    assert.equal((await h.runner.health()).failed, 1);
  });

  Deno.test(`${kind}: a per-tenant schedule runs for each tenant, scoped to that tenant's data`, async () => {
    const runs: { tenant?: string; seen: string[] }[] = [];
    const tick = defineJob({
      name: "test.tenant-tick",
      input: z.object({}),
      perTenant: true,
      run: async (ctx) => {
        const seen = await ctx.withTenant((tx) => tx.selectFrom("core.tenants").select("id").execute());
        runs.push({ tenant: ctx.tenantId, seen: seen.map((r) => r.id) });
      },
    });
    await using h = await harness(make, [tick as JobDefinition<unknown>], [schedule(tick, "* * * * * *")]);
    const [a, b] = h.tenants;
    await h.runner.syncSchedules([{ id: a, timeZone: "Asia/Shanghai" }, { id: b, timeZone: "Asia/Shanghai" }]);
    await h.runner.startWorkers();
    await until(
      "both tenants' schedules to fire",
      () => runs.some((r) => r.tenant === a) && runs.some((r) => r.tenant === b),
    );
    for (const run of runs) assert.deepEqual(run.seen, [run.tenant], "a tenant job sees only its own tenant");

    // Dropping a tenant from the plan removes its scheduler; the other keeps running.
    await h.runner.syncSchedules([{ id: a, timeZone: "Asia/Shanghai" }]);
    await new Promise((r) => setTimeout(r, 300)); // a run already due may still finish
    const countB = runs.filter((r) => r.tenant === b).length;
    const countA = runs.filter((r) => r.tenant === a).length;
    await until("tenant A to keep ticking", () => runs.filter((r) => r.tenant === a).length >= countA + 2);
    assert.equal(runs.filter((r) => r.tenant === b).length, countB, "tenant B's schedule was removed");
  });

  Deno.test(`${kind}: a tenant job needs a tenant and a platform job refuses one`, async () => {
    const perTenant = defineJob({ name: "test.per-tenant", input: z.object({}), perTenant: true, run: async () => {} });
    const platform = defineJob({ name: "test.platform", input: z.object({}), run: async () => {} });
    await using h = await harness(make, [perTenant, platform] as JobDefinition<unknown>[]);
    await assert.rejects(h.runner.enqueue(perTenant, {}), /per tenant: enqueue it with a tenantId/);
    await assert.rejects(h.runner.enqueue(platform, {}, { tenantId: h.tenants[0] }), /platform job/);
  });

  Deno.test(`${kind}: the same job id is enqueued once`, async () => {
    let runs = 0;
    const once = defineJob({
      name: "test.once",
      input: z.object({ hour: z.string() }),
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 100));
      },
    });
    await using h = await harness(make, [once as JobDefinition<unknown>]);
    await h.runner.enqueue(once, { hour: "2026-11-24T08" }, { jobId: "rollup-2026-11-24T08" });
    await h.runner.enqueue(once, { hour: "2026-11-24T08" }, { jobId: "rollup-2026-11-24T08" });
    await h.runner.startWorkers();
    await until("the job to run", () => runs === 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(runs, 1);
  });

  Deno.test(`${kind}: closing waits for the running job to finish`, async () => {
    let finished = false;
    let started = false;
    const slow = defineJob({
      name: "test.slow",
      input: z.object({}),
      run: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 400));
        finished = true;
      },
    });
    const h = await harness(make, [slow as JobDefinition<unknown>]);
    try {
      await h.runner.startWorkers();
      await h.runner.enqueue(slow, {});
      await until("the job to start", () => started);
      if (h.runner instanceof BullMQRunner) await h.runner.obliterate().catch(() => {});
      await h.runner.close();
      assert.equal(finished, true);
    } finally {
      await h.database.close();
    }
  });
}

Deno.test("schedules and definitions are checked when they are written", () => {
  const job = defineJob({ name: "test.checked", input: z.object({ days: z.number() }), run: async () => {} });
  assert.throws(() => schedule(job, "every day"), /is not a cron pattern/);
  assert.throws(() => schedule(job, "0 3 * * *", { input: { days: "x" } as never }), /input does not match/);
  assert.throws(() => defineJob({ name: "NoDots", input: z.object({}), run: async () => {} }), /dotted lower-case/);
});
