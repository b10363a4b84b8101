/** Reading and writing surveys and responses inside a district transaction. */
import { type PluginTx, uuidv7 } from "../../platform/sdk.ts";
import { countRatings, satisfactionRate } from "./rate.ts";
import type { SatisfactionTables } from "./schema.ts";

type Tx = PluginTx<SatisfactionTables>;

export async function createSurvey(
  tx: Tx,
  tenantId: string,
  survey: { title: string; storeId?: string | null; closesAt?: string | null; createdBy: string },
) {
  const id = uuidv7();
  await tx.insertInto("plugin_satisfaction.surveys").values({
    tenant_id: tenantId,
    id,
    title: survey.title,
    store_id: survey.storeId ?? null,
    closes_at: survey.closesAt ?? null,
    created_by: survey.createdBy,
  }).execute();
  return id;
}

export async function surveyResults(tx: Tx, surveyId: string, targetPercent: number) {
  const rows = await tx.selectFrom("plugin_satisfaction.responses")
    .select(["rating", (eb) => eb.fn.countAll<number>().as("n")])
    .where("survey_id", "=", surveyId)
    .groupBy("rating")
    .execute();
  return satisfactionRate(countRatings(rows), targetPercent);
}

export async function listSurveys(tx: Tx, targetPercent: number) {
  const surveys = await tx.selectFrom("plugin_satisfaction.surveys").selectAll().orderBy("created_at", "desc")
    .execute();
  return await Promise.all(surveys.map(async (s) => ({
    id: s.id,
    title: s.title,
    storeId: s.store_id,
    status: s.status,
    closesAt: s.closes_at?.toISOString() ?? null,
    createdAt: s.created_at.toISOString(),
    results: await surveyResults(tx, s.id, targetPercent),
  })));
}

export function findOpenSurvey(tx: Tx, surveyId: string) {
  return tx.selectFrom("plugin_satisfaction.surveys").select(["id", "title", "status", "closes_at"])
    .where("id", "=", surveyId).executeTakeFirst();
}

export async function addResponse(tx: Tx, tenantId: string, surveyId: string, rating: number, comment?: string) {
  await tx.insertInto("plugin_satisfaction.responses").values({
    tenant_id: tenantId,
    id: uuidv7(),
    survey_id: surveyId,
    rating,
    comment: comment ?? null,
  }).execute();
}
