/**
 * Late events are welcome, but not older than the district keeps raw events of their type: the retention job may
 * already have deleted the rest of that hour, and rolling the hour up again from what is left would overwrite its
 * correct totals with smaller ones. Such events are refused (422 naming each), like any other invalid event.
 * Nearly every batch is newer than the shortest possible period, so the policy is read only when needed.
 */
import type { TenantTx } from "../db/tenant.ts";
import { ProblemError } from "../http/problem.ts";
import type { BatchEvent, EventProblem } from "./batch.ts";
import { datacenterRetentionClasses } from "./privacy.ts";

const DAY_MS = 86_400_000;
const classOfType = new Map(datacenterRetentionClasses.map((c) => [c.id.replace(/^raw_|_events$/g, ""), c]));

export async function refuseExpiredEvents(tx: TenantTx, events: readonly BatchEvent[]): Promise<void> {
  const now = Date.now();
  const suspects = events.map((event, index) => ({ event, index })).filter(({ event }) => {
    const dataClass = classOfType.get(event.type);
    return dataClass !== undefined && typeof event.at === "string" &&
      Date.parse(event.at) < now - dataClass.minimumDays * DAY_MS;
  });
  if (suspects.length === 0) return;
  const ids = [...new Set(suspects.map(({ event }) => classOfType.get(event.type)!.id))];
  const stored = await tx.selectFrom("core.retention_policies").select(["data_class", "days"])
    .where("data_class", "in", ids).execute();
  const days = new Map(stored.map((row) => [row.data_class, row.days]));
  const problems: EventProblem[] = [];
  for (const { event, index } of suspects) {
    const dataClass = classOfType.get(event.type)!;
    const kept = Math.max(days.get(dataClass.id) ?? dataClass.defaultDays, dataClass.minimumDays);
    if (Date.parse(event.at as string) < now - kept * DAY_MS) {
      problems.push({
        index,
        field: `events.${index}.at`,
        message: `older than the district keeps raw ${event.type} events (${kept} days)`,
      });
    }
  }
  if (problems.length) throw new ProblemError(422, "The batch has invalid events; nothing was stored.", problems);
}
