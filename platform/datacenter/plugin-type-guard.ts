/**
 * Event types a plugin brought are accepted only from districts that enabled the plugin: its tables would otherwise
 * fill with data nobody in the district turned on, and its rollups would show up in dashboards without it.
 */
import type { TenantTx } from "../db/tenant.ts";
import { ProblemError } from "../http/problem.ts";
import type { BatchEvent, EventProblem } from "./batch.ts";
import type { IngestRegistry } from "./event-type.ts";

export async function refuseDisabledPluginTypes(
  tx: TenantTx,
  registry: IngestRegistry,
  events: readonly BatchEvent[],
): Promise<void> {
  const owners = new Set<string>();
  for (const event of events) {
    const owner = registry.ownerOf(event.type);
    if (owner) owners.add(owner);
  }
  if (owners.size === 0) return;
  const enabled = await tx.selectFrom("core.tenant_plugins").select("plugin_id")
    .where("plugin_id", "in", [...owners]).where("enabled", "=", true).execute();
  const on = new Set(enabled.map((row) => row.plugin_id));
  const problems: EventProblem[] = [];
  events.forEach((event, index) => {
    const owner = registry.ownerOf(event.type);
    if (owner && !on.has(owner)) {
      problems.push({
        index,
        field: `events.${index}.type`,
        message: `${event.type} events need the ${owner} plugin, which this district has not enabled`,
      });
    }
  });
  if (problems.length) throw new ProblemError(422, "The batch has invalid events; nothing was stored.", problems);
}
