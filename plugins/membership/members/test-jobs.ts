/** For tests: runs one of the members area's jobs for a district through the job runner, and waits for it. */
import assert from "node:assert/strict";
import type { MembershipTestBed } from "../test-support.ts";

export async function runMembersJob(
  bed: MembershipTestBed,
  name: string,
  input: unknown = {},
  district: "home" | "other" = "home",
): Promise<void> {
  const job = bed.app.plugins!.jobDefinitions().find((j) => j.name === `membership.${name}`);
  assert.ok(job, `membership.${name} is registered`);
  await bed.app.jobs.enqueue(job, input, { tenantId: bed.districts[district] });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const health = await bed.app.jobs.health();
    if (health.waiting + health.active + health.delayed === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`membership.${name} did not finish within 15 s`);
}
