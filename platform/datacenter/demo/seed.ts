/**
 * Seeds a district with demo data: first its demo stores and units where missing (facts.ts), then the events through
 * the ingestion path (validated like POST /api/v1/events, stored by `ingestBatch` as a district-wide system
 * sender), then runs the rollup once. Event ids are stable, so seeding again stores nothing new.
 */
import { type Kysely, sql } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import type { Principal } from "../../identity/principal.ts";
import type { TenantKeyStore } from "../../privacy/encryption/tenant-keys.ts";
import { type BatchEvent, batchSchema, MAX_BATCH_EVENTS } from "../batch.ts";
import { coreIngestRegistry } from "../core-types.ts";
import type { IngestRegistry } from "../event-type.ts";
import { ingestBatch } from "../ingest.ts";
import { rollupTenant } from "../rollup.ts";
import { type DemoFactsReport, ensureDemoFacts } from "./facts.ts";
import { generateDemoEvents } from "./generate.ts";

export interface SeedReport {
  generated: number;
  accepted: number;
  duplicates: number;
  byType: Record<string, number>;
  facts: DemoFactsReport;
  ms: number;
}

/** Plate region of the demo districts' cities; others get 苏C. */
const PLATE_REGIONS: Record<string, string> = { "徐州市": "苏C", "北京市": "京A" };

/** Yesterday in Asia/Shanghai, "YYYY-MM-DD". */
export function yesterdayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

/** Whether the district has any raw events yet. */
export function hasRawEvents(db: Kysely<CoreDatabase>, tenantId: string): Promise<boolean> {
  return withTenant(db, tenantId, async (tx) => {
    for (const table of ["footfall", "sale", "parking", "sensor"] as const) {
      if (await tx.selectFrom(`core.${table}_events`).select("event_id").limit(1).executeTakeFirst()) return true;
    }
    return false;
  });
}

export async function seedDemoDistrict(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  tenantId: string,
  options: { days: number; lastDay?: string; registry?: IngestRegistry },
): Promise<SeedReport> {
  const started = performance.now();
  const registry = options.registry ?? coreIngestRegistry();
  const facts = await ensureDemoFacts(db, tenantId);
  // Open stores only; in credit-code order, which (unlike generated ids) is the same in every installation.
  const district = await withTenant(db, tenantId, async (tx) => ({
    tenant: await tx.selectFrom("core.tenants").select(["slug", "city"]).where("id", "=", tenantId)
      .executeTakeFirstOrThrow(),
    stores: (await tx.selectFrom("core.organisations").select("id").where("kind", "=", "store")
      .where("status", "=", "active").orderBy("credit_code").orderBy("id").execute()).map((s) => s.id),
  }));
  const tenant = district.tenant;
  const events = generateDemoEvents({
    seed: tenant.slug,
    days: options.days,
    lastDay: options.lastDay ?? yesterdayInChina(),
    stores: district.stores,
    plateRegion: PLATE_REGIONS[tenant.city] ?? "苏C",
  });
  const schema = batchSchema(registry);
  const principal = {
    kind: "apiKey",
    actor: "system:demo-data",
    keyId: "demo-data",
    name: "demo data",
    tenantId,
    permissions: new Set(["events:write"]),
  } satisfies Principal & { tenantId: string };
  let accepted = 0;
  let duplicates = 0;
  const byType: Record<string, number> = {};
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
    const batch = schema.parse({ events: events.slice(i, i + MAX_BATCH_EVENTS) }).events as BatchEvent[];
    const result = await ingestBatch(db, keys, registry, principal, batch);
    accepted += result.accepted;
    duplicates += result.duplicates.length;
  }
  await rollUpEverything(db, tenantId, registry);
  return {
    generated: events.length,
    accepted,
    duplicates,
    byType,
    facts,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Rolls up until the watermark has passed the seeding's own writes. The watermark is the cluster's oldest running
 * transaction, so on a busy server one run can stop short; the minute job would catch up, but whoever seeds wants
 * the figures now. Gives up after 30 seconds and leaves the rest to the job.
 */
async function rollUpEverything(db: Kysely<CoreDatabase>, tenantId: string, registry: IngestRegistry): Promise<void> {
  const { rows } = await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(db);
  const written = BigInt(rows[0].id);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = await withTenant(db, tenantId, (tx) => rollupTenant(tx, tenantId, registry));
    if (BigInt(report.to) > written || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
