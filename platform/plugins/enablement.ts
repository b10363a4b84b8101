/**
 * Switching a plugin on and off for one district. Enabling needs the district's plan to include the plugin and
 * every plugin it requires to be on; its configuration is validated against the plugin's schema. Disabling is
 * refused while another enabled plugin requires it. Both are audited and announced as events.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { pluginDisabled, pluginEnabled } from "../events/catalogue.ts";
import { publishEvent } from "../events/publish.ts";
import type { AnyPlugin } from "./types.ts";

export class PluginStateError extends Error {
  constructor(
    public readonly field: string,
    message: string,
    public readonly status: 404 | 409 | 422 = 409,
    public readonly issues: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "PluginStateError";
  }
}

export interface PluginState {
  id: string;
  enabled: boolean;
  allowedByPlan: boolean;
  config: unknown;
}

export function parseConfig(plugin: AnyPlugin, raw: unknown): unknown {
  if (!plugin.config) return {};
  const parsed = plugin.config.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: ["config", ...i.path.map(String)].join("."),
      message: i.message,
    }));
    throw new PluginStateError("config", `the configuration of ${plugin.id} is not valid`, 422, issues);
  }
  return parsed.data;
}

export function pluginStates(db: Kysely<CoreDatabase>, tenantId: string, plugins: readonly AnyPlugin[]) {
  return withTenant(db, tenantId, async (tx) => {
    const tenant = await tx.selectFrom("core.tenants as t").innerJoin("core.plans as p", "p.id", "t.plan_id")
      .select(["p.plugins"]).executeTakeFirstOrThrow();
    const rows = await tx.selectFrom("core.tenant_plugins").select(["plugin_id", "enabled", "config"]).execute();
    return plugins.map((plugin): PluginState => {
      const row = rows.find((r) => r.plugin_id === plugin.id);
      return {
        id: plugin.id,
        enabled: row?.enabled ?? false,
        allowedByPlan: tenant.plugins.includes(plugin.id),
        config: row?.config ?? null,
      };
    });
  });
}

export function enablePlugin(
  db: Kysely<CoreDatabase>,
  plugins: readonly AnyPlugin[],
  request: { tenantId: string; pluginId: string; config?: unknown; actor: string },
): Promise<unknown> {
  const plugin = plugins.find((p) => p.id === request.pluginId);
  if (!plugin) {
    return Promise.reject(new PluginStateError("pluginId", `no plugin "${request.pluginId}" is installed`, 404));
  }
  return withTenant(db, request.tenantId, async (tx) => {
    const plan = await tx.selectFrom("core.tenants as t").innerJoin("core.plans as p", "p.id", "t.plan_id")
      .select(["p.id", "p.plugins"]).executeTakeFirstOrThrow();
    if (!plan.plugins.includes(plugin.id)) {
      throw new PluginStateError("pluginId", `the district's plan "${plan.id}" does not include ${plugin.id}`);
    }
    const rows = await tx.selectFrom("core.tenant_plugins").select(["plugin_id", "enabled", "config"]).execute();
    const enabled = new Set(rows.filter((r) => r.enabled).map((r) => r.plugin_id));
    const missing = (plugin.requires ?? []).filter((id) => !enabled.has(id));
    if (missing.length) {
      throw new PluginStateError("pluginId", `enable ${missing.join(", ")} first: ${plugin.id} requires it`);
    }
    const existing = rows.find((r) => r.plugin_id === plugin.id);
    const config = parseConfig(plugin, request.config ?? existing?.config ?? {});
    await tx.insertInto("core.tenant_plugins")
      .values({ tenant_id: request.tenantId, plugin_id: plugin.id, enabled: true, config: JSON.stringify(config) })
      .onConflict((oc) =>
        oc.columns(["tenant_id", "plugin_id"]).doUpdateSet({
          enabled: true,
          config: JSON.stringify(config),
          updated_at: new Date(),
        })
      )
      .execute();
    await publishEvent(tx, pluginEnabled, { pluginId: plugin.id, version: plugin.version }, request.actor);
    await appendAudit(tx, {
      actor: request.actor,
      action: existing?.enabled ? "plugin.configure" : "plugin.enable",
      target: `plugin:${plugin.id}`,
      details: { version: plugin.version, config: config as Record<string, unknown> },
    });
    return config;
  });
}

export function disablePlugin(
  db: Kysely<CoreDatabase>,
  plugins: readonly AnyPlugin[],
  request: { tenantId: string; pluginId: string; actor: string },
): Promise<void> {
  const plugin = plugins.find((p) => p.id === request.pluginId);
  if (!plugin) {
    return Promise.reject(new PluginStateError("pluginId", `no plugin "${request.pluginId}" is installed`, 404));
  }
  return withTenant(db, request.tenantId, async (tx) => {
    const rows = await tx.selectFrom("core.tenant_plugins").select(["plugin_id", "enabled"]).where("enabled", "=", true)
      .execute();
    if (!rows.some((r) => r.plugin_id === plugin.id)) {
      throw new PluginStateError("pluginId", `${plugin.id} is not enabled`);
    }
    const dependents = plugins.filter((p) =>
      (p.requires ?? []).includes(plugin.id) && rows.some((r) => r.plugin_id === p.id)
    );
    if (dependents.length) {
      throw new PluginStateError(
        "pluginId",
        `disable ${dependents.map((p) => p.id).join(", ")} first: it requires ${plugin.id}`,
      );
    }
    await tx.updateTable("core.tenant_plugins").set({ enabled: false, updated_at: new Date() })
      .where("plugin_id", "=", plugin.id).execute();
    await publishEvent(tx, pluginDisabled, { pluginId: plugin.id }, request.actor);
    await appendAudit(tx, { actor: request.actor, action: "plugin.disable", target: `plugin:${plugin.id}` });
  });
}
