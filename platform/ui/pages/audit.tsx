/**
 * `/console/audit`: the district's audit log, newest first, filtered by a plain GET form (actor, action or action
 * prefix, calendar days in the district's time zone) and paged with the API's cursor. Holders of audit:verify
 * get the button that verifies the chain; the public key that signs checkpoints is linked for auditors.
 */
import type { InputHTMLAttributes } from "preact";
import { describedBy } from "../components/fields.tsx";
import { formatInZone, isCalendarDay, startOfDay } from "../components/zoned-time.ts";
import { Island } from "../island.tsx";
import { ApiCallError } from "../internal-api.ts";
import type { Translate } from "../i18n/translate.ts";
import type { Locale } from "../i18n/locale.ts";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { actorNames } from "./actor-names.ts";
import { districtTimeZone } from "./district-time-zone.ts";

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

const FILTERS = ["actor", "action", "from", "to"] as const;
type Filter = typeof FILTERS[number];
type Filters = Partial<Record<Filter | "cursor", string>>;

const PAGE_SIZE = 50;
/** Details longer than this show their start, and the whole of them on request. */
const COMPACT_LENGTH = 140;

export function auditHref(filters: Filters): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `/console/audit?${text}` : "/console/audit";
}

function compactValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return String(value);
  return JSON.stringify(value);
}

/** `key: value · key: value`, nested values as JSON on one line. */
export function compactDetails(details: Record<string, unknown>): string {
  return Object.entries(details).map(([key, value]) => `${key}: ${compactValue(value)}`).join(" · ");
}

function Details({ details, t }: { details: Record<string, unknown>; t: Translate }) {
  const compact = compactDetails(details);
  if (!compact) return <>—</>;
  if (compact.length <= COMPACT_LENGTH) return <code class="audit-details">{compact}</code>;
  return (
    <details class="audit-details">
      <summary>
        <code>{compact.slice(0, COMPACT_LENGTH - 20)}…</code> <span class="hint">{t("audit.showAll")}</span>
      </summary>
      <pre>{JSON.stringify(details, null, 2)}</pre>
    </details>
  );
}

/** The API's filter problems ("query.from") beside the form's fields. */
function filterErrors(errors: { field: string; message: string }[]): Partial<Record<Filter, string>> {
  const found: Partial<Record<Filter, string>> = {};
  for (const error of errors) {
    const name = error.field.replace(/^query\./, "") as Filter;
    if ((FILTERS as readonly string[]).includes(name) && !found[name]) found[name] = error.message;
  }
  return found;
}

function FilterField(
  props: { name: Filter; label: string; value?: string; error?: string; hint?: string; type?: "text" | "date" },
) {
  const id = `audit-${props.name}`;
  // Preact types <input> as a union discriminated by `type`; this one serves two types (as fields.tsx does).
  const attributes = {
    id,
    name: props.name,
    type: props.type ?? "text",
    value: props.value ?? "",
    autoComplete: "off",
    spellcheck: false,
    "aria-invalid": props.error ? "true" : undefined,
    "aria-describedby": describedBy(id, props.error, props.hint),
  } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <div class="label-row">
        <label for={id}>{props.label}</label>
      </div>
      {props.hint ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      <input {...attributes} />
      {props.error ? <p class="field-error" id={`${id}-error`}>{props.error}</p> : null}
    </div>
  );
}

function EntriesTable(
  { entries, locale, t, timeZone, names, filters }: {
    entries: AuditEntryView[];
    locale: Locale;
    t: Translate;
    timeZone: string;
    names: Map<string, string>;
    filters: Filters;
  },
) {
  return (
    <table class="cards audit-entries">
      <thead>
        <tr>
          <th scope="col" class="number nowrap">{t("audit.seq")}</th>
          <th scope="col">{t("audit.at")}</th>
          <th scope="col">{t("audit.actor")}</th>
          <th scope="col">{t("audit.action")}</th>
          <th scope="col">{t("audit.target")}</th>
          <th scope="col">{t("audit.details")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq} data-seq={entry.seq}>
            <td data-label={t("audit.seq")} class="number">{entry.seq}</td>
            <td data-label={t("audit.at")} class="nowrap">
              <time dateTime={entry.at}>{formatInZone(locale, entry.at, timeZone, { seconds: true })}</time>
            </td>
            <td data-label={t("audit.actor")}>
              <a
                href={auditHref({ ...filters, cursor: undefined, actor: entry.actor })}
                aria-label={t("audit.onlyActor", { actor: names.get(entry.actor) ?? entry.actor })}
              >
                {names.get(entry.actor) ?? <code>{entry.actor}</code>}
              </a>
            </td>
            <td data-label={t("audit.action")}>
              <a
                href={auditHref({ ...filters, cursor: undefined, action: entry.action })}
                aria-label={t("audit.onlyAction", { action: entry.action })}
              >
                <code>{entry.action}</code>
              </a>
            </td>
            <td data-label={t("audit.target")}>{entry.target ? <code>{entry.target}</code> : "—"}</td>
            <td data-label={t("audit.details")}>
              <Details details={entry.details} t={t} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const auditPage: UiPage = {
  path: "/console/audit",
  access: { permission: "audit:read" },
  nav: { label: "audit.nav", description: "audit.navText", order: 70 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const url = new URL(ctx.c.req.url);
    const filters: Filters = {};
    for (const name of [...FILTERS, "cursor"] as const) {
      const value = url.searchParams.get(name)?.trim();
      if (value) filters[name] = value;
    }
    const timeZone = await districtTimeZone(ctx);

    // Calendar days of the district: from the start of `from` to the end of `to`.
    const errors: Partial<Record<Filter, string>> = {};
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (filters.actor) query.set("actor", filters.actor);
    if (filters.action) query.set("action", filters.action);
    for (const name of ["from", "to"] as const) {
      const day = filters[name];
      if (!day) continue;
      if (isCalendarDay(day)) query.set(name, startOfDay(day, timeZone, name === "to" ? 1 : 0));
      else errors[name] = t("audit.dayInvalid");
    }
    if (filters.cursor) query.set("cursor", filters.cursor);

    let entries: AuditEntryView[] = [];
    let nextCursor: string | null = null;
    if (!Object.keys(errors).length) {
      const path = `/api/v1/audit?${query}`;
      const answer = await ctx.api.get<{ items: AuditEntryView[]; nextCursor: string | null }>(path);
      if (answer.ok) ({ items: entries, nextCursor } = answer.data);
      else if (answer.status === 422) Object.assign(errors, filterErrors(answer.problem.errors ?? []));
      else throw new ApiCallError(answer.status, answer.problem, path);
    }
    const failed = Object.keys(errors).length > 0;

    const [names, publicKey] = await Promise.all([
      actorNames(ctx),
      ctx.api.get<{ keyId: string }>("/api/v1/audit/public-key"),
    ]);
    const filtered = FILTERS.some((name) => filters[name]);
    const withoutCursor = { ...filters, cursor: undefined };

    return {
      title: t("audit.title"),
      body: (
        <>
          <h1>{t("audit.title")}</h1>
          <p class="lead">{t("audit.lead", { timeZone })}</p>

          {principal.permissions.has("audit:verify")
            ? (
              <section class="panel" aria-labelledby="audit-verify-title">
                <h2 id="audit-verify-title">{t("audit.verifyTitle")}</h2>
                <p class="hint">{t("audit.verifyLead")}</p>
                <Island name="AuditVerify" props={{ locale }} />
              </section>
            )
            : null}

          <section class="panel" aria-labelledby="audit-filter-title">
            <h2 id="audit-filter-title">{t("audit.filterTitle")}</h2>
            <form method="get" action="/console/audit" class="stack">
              {failed ? <p class="form-error" role="alert">{t("error.checkFields")}</p> : null}
              <div class="row-2">
                <FilterField
                  name="actor"
                  label={t("audit.actor")}
                  hint={t("audit.actorHint")}
                  value={filters.actor}
                  error={errors.actor}
                />
                <FilterField
                  name="action"
                  label={t("audit.action")}
                  hint={t("audit.actionHint")}
                  value={filters.action}
                  error={errors.action}
                />
              </div>
              <div class="row-2">
                <FilterField name="from" type="date" label={t("audit.from")} value={filters.from} error={errors.from} />
                <FilterField name="to" type="date" label={t("audit.to")} value={filters.to} error={errors.to} />
              </div>
              <div class="actions">
                <button type="submit" class="primary">{t("audit.filter")}</button>
                {filtered ? <a class="button" href="/console/audit">{t("audit.clear")}</a> : null}
              </div>
            </form>
          </section>

          <section aria-labelledby="audit-list-title">
            <h2 id="audit-list-title">{t("audit.listTitle")}</h2>
            {failed ? null : entries.length
              ? (
                <EntriesTable
                  entries={entries}
                  locale={locale}
                  t={t}
                  timeZone={timeZone}
                  names={names}
                  filters={withoutCursor}
                />
              )
              : <p class="empty">{t("audit.none")}</p>}
            {nextCursor || filters.cursor
              ? (
                <nav class="actions" aria-label={t("audit.paging")}>
                  {filters.cursor ? <a class="button" href={auditHref(withoutCursor)}>{t("audit.newest")}</a> : null}
                  {nextCursor
                    ? (
                      <a class="button" rel="next" href={auditHref({ ...withoutCursor, cursor: nextCursor })}>
                        {t("audit.older")}
                      </a>
                    )
                    : null}
                </nav>
              )
              : null}
          </section>

          <section class="panel" aria-labelledby="audit-key-title">
            <h2 id="audit-key-title">{t("audit.keyTitle")}</h2>
            <p>{t("audit.keyText", { keyId: publicKey.ok ? publicKey.data.keyId : "—" })}</p>
            <p>
              <a href="/api/v1/audit/public-key" download="audit-public-key.json">{t("audit.keyLink")}</a>
            </p>
          </section>
        </>
      ),
    };
  },
};
