/**
 * `/console/plugins`: every installed plugin — what it is, what it needs and uses, which evaluation items it gives
 * evidence for, whether the plan allows it, whether it is on — with switches for holders of plugins:manage, and
 * the recent plugin entries of the audit log. Mounted with the plugin host (createApp), whose API it reads.
 */
import { formatDateTime } from "../components/format.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, type MessageKey, type Translate } from "../i18n/translate.ts";
import { Island } from "../island.tsx";
import { type PageContext, signedInPrincipal, type UiPage } from "../page.ts";
import { actorNames } from "./actor-names.ts";
import type { AuditEntryView } from "./audit.tsx";

export interface DistrictPluginView {
  id: string;
  name: Bilingual;
  description: Bilingual | null;
  version: string;
  requires: string[];
  capabilities: string[];
  allowedByPlan: boolean;
  enabled: boolean;
  config: unknown;
  configSchema: unknown;
  indicators: { table: "district" | "store"; item: number; evidence: Bilingual }[];
}

const CAPABILITIES: Record<string, MessageKey> = {
  "events:publish": "plugins.capability.eventsPublish",
  "consent:check": "plugins.capability.consentCheck",
  "pii:encrypt": "plugins.capability.piiEncrypt",
  "audit:write": "plugins.capability.auditWrite",
};

const ACTIONS: Record<string, MessageKey> = {
  "plugin.enable": "plugins.audit.enable",
  "plugin.configure": "plugins.audit.configure",
  "plugin.disable": "plugins.audit.disable",
};

const DONE: Record<string, MessageKey> = {
  enabled: "plugins.didEnable",
  configured: "plugins.didConfigure",
  disabled: "plugins.didDisable",
};

function capabilityText(t: Translate, capability: string): string {
  if (CAPABILITIES[capability]) return t(CAPABILITIES[capability]);
  const pii = /^pii:read:(.+)$/.exec(capability);
  return pii ? t("plugins.capability.piiRead", { type: pii[1] }) : capability;
}

/** `{ targetPercent: 90, surveyNewStores: true }` as "targetPercent: 90 · surveyNewStores: true". */
function settingsText(config: unknown): string {
  if (typeof config !== "object" || config === null) return "—";
  const parts = Object.entries(config).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return parts.length ? parts.join(" · ") : "—";
}

/** The notice after a change (the switch reloads the page with ?enabled=<id>, ?configured=… or ?disabled=…). */
function changeNotice(ctx: PageContext, plugins: DistrictPluginView[]): string | undefined {
  for (const [param, key] of Object.entries(DONE)) {
    const plugin = plugins.find((p) => p.id === ctx.c.req.query(param));
    if (plugin && plugin.enabled === (param !== "disabled")) {
      return ctx.t(key, { name: bilingual(ctx.locale, plugin.name) });
    }
  }
  return undefined;
}

function PluginCard(
  { plugin, names, locale, t, canManage }: {
    plugin: DistrictPluginView;
    names: Map<string, Bilingual>;
    locale: Locale;
    t: Translate;
    canManage: boolean;
  },
) {
  const titleId = `plugin-${plugin.id}-title`;
  return (
    <article class="card plugin-card" id={`plugin-${plugin.id}`} aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{bilingual(locale, plugin.name)}</h2>
        <span class={plugin.enabled ? "badge ok" : "badge muted"}>
          {plugin.enabled ? t("plugins.on") : t("plugins.off")}
        </span>
      </div>
      {plugin.description ? <p class="lead">{bilingual(locale, plugin.description)}</p> : null}
      <dl class="facts">
        <dt>{t("plugins.version")}</dt>
        <dd>{plugin.version}</dd>
        <dt>{t("plugins.requires")}</dt>
        <dd>
          {plugin.requires.length
            ? plugin.requires.map((id) => names.has(id) ? bilingual(locale, names.get(id)!) : id).join("、")
            : t("plugins.nothing")}
        </dd>
        <dt>{t("plugins.capabilities")}</dt>
        <dd>
          {plugin.capabilities.length
            ? plugin.capabilities.map((c) => capabilityText(t, c)).join("、")
            : t("plugins.nothing")}
        </dd>
        <dt>{t("plugins.indicators")}</dt>
        <dd>
          {plugin.indicators.length
            ? (
              <ul class="plain">
                {plugin.indicators.map((indicator) => (
                  <li key={`${indicator.table}-${indicator.item}`}>
                    {t("plugins.indicator", {
                      table: t(indicator.table === "district" ? "plugins.table.district" : "plugins.table.store"),
                      item: indicator.item,
                      evidence: bilingual(locale, indicator.evidence),
                    })}
                  </li>
                ))}
              </ul>
            )
            : t("plugins.nothing")}
        </dd>
        <dt>{t("plugins.plan")}</dt>
        <dd>{plugin.allowedByPlan ? t("plugins.inPlan") : t("plugins.notInPlan")}</dd>
        {plugin.enabled
          ? (
            <>
              <dt>{t("plugins.settings")}</dt>
              <dd class="code">{settingsText(plugin.config)}</dd>
            </>
          )
          : null}
      </dl>
      {canManage && (plugin.allowedByPlan || plugin.enabled)
        ? (
          <Island
            name="PluginSwitch"
            props={{
              locale,
              id: plugin.id,
              name: plugin.name,
              enabled: plugin.enabled,
              config: plugin.config,
              configSchema: plugin.configSchema,
            }}
          />
        )
        : null}
    </article>
  );
}

function AuditList(
  { entries, names, people, locale, t }: {
    entries: AuditEntryView[];
    names: Map<string, Bilingual>;
    people: Map<string, string>;
    locale: Locale;
    t: Translate;
  },
) {
  if (!entries.length) return <p class="empty">{t("plugins.auditNone")}</p>;
  const actorText = (actor: string) =>
    people.get(actor) ?? (actor.startsWith("system:") ? t("plugins.audit.system") : actor);
  return (
    <table class="cards">
      <thead>
        <tr>
          <th scope="col">{t("plugins.audit.at")}</th>
          <th scope="col">{t("plugins.audit.actor")}</th>
          <th scope="col">{t("plugins.audit.action")}</th>
          <th scope="col">{t("plugins.audit.plugin")}</th>
          <th scope="col">{t("plugins.audit.details")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const id = entry.target?.replace(/^plugin:/, "") ?? "";
          return (
            <tr key={entry.seq}>
              <td data-label={t("plugins.audit.at")}>{formatDateTime(locale, entry.at)}</td>
              <td data-label={t("plugins.audit.actor")}>{actorText(entry.actor)}</td>
              <td data-label={t("plugins.audit.action")}>
                {ACTIONS[entry.action] ? t(ACTIONS[entry.action]) : entry.action}
              </td>
              <td data-label={t("plugins.audit.plugin")}>{names.has(id) ? bilingual(locale, names.get(id)!) : id}</td>
              <td data-label={t("plugins.audit.details")} class="code">
                {entry.details.config ? settingsText(entry.details.config) : "—"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export const pluginsPage: UiPage = {
  path: "/console/plugins",
  access: { permission: "plugins:read" },
  nav: { label: "nav.plugins", description: "nav.pluginsText", order: 45 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const [plugins, audit, people] = await Promise.all([
      ctx.api.data<{ items: DistrictPluginView[] }>("/api/v1/district/plugins"),
      ctx.api.get<{ items: AuditEntryView[] }>("/api/v1/audit?action=plugin.&limit=20"),
      actorNames(ctx),
    ]);
    const names = new Map(plugins.items.map((p) => [p.id, p.name]));
    const canManage = principal.permissions.has("plugins:manage");
    const notice = changeNotice(ctx, plugins.items);
    return {
      title: t("plugins.title"),
      body: (
        <>
          <h1>{t("plugins.title")}</h1>
          <p class="lead">{t("plugins.lead")}</p>
          {notice ? <p class="notice success" role="status">{notice}</p> : null}
          {plugins.items.length
            ? (
              <div class="card-list plugin-list">
                {plugins.items.map((plugin) => (
                  <PluginCard
                    key={plugin.id}
                    plugin={plugin}
                    names={names}
                    locale={locale}
                    t={t}
                    canManage={canManage}
                  />
                ))}
              </div>
            )
            : <p class="empty">{t("plugins.none")}</p>}
          {audit.ok
            ? (
              <section aria-labelledby="plugin-audit-title">
                <h2 id="plugin-audit-title">{t("plugins.auditTitle")}</h2>
                <AuditList entries={audit.data.items} names={names} people={people} locale={locale} t={t} />
              </section>
            )
            : null}
        </>
      ),
    };
  },
};
