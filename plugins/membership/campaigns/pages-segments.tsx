/**
 * The operator's segments page: each segment with its rules in words and its reach now, an estimate of the reach of
 * rules before saving (a plain GET form to this page, so it needs no browser code), and the form to save a segment.
 */
import {
  type ApiFormField,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import { messages, type Text } from "./messages.ts";
import { READ, WRITE } from "./permissions.ts";

const API = "/api/v1/plugins/membership";
export const SEGMENTS_PATH = "/console/plugins/membership/segments";
const RULE_FIELDS = [
  "allTags",
  "anyTags",
  "noneTags",
  "minLevelRank",
  "maxLevelRank",
  "storeId",
  "joinedWithinDays",
] as const;

interface TagRef {
  id: string;
  code: string | null;
  name: string | null;
}

export interface SegmentView {
  id: string;
  name: string;
  description: string | null;
  members: number;
  rules: {
    allTags: TagRef[];
    anyTags: TagRef[];
    noneTags: TagRef[];
    minLevelRank: number | null;
    maxLevelRank: number | null;
    storeId: string | null;
    joinedWithinDays: number | null;
  };
}

interface Problem {
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The rules in one line each, for people. */
export function ruleLines(t: Text, rules: SegmentView["rules"], storeNames: Map<string, string>): string[] {
  const tags = (list: TagRef[]) => list.map((tag) => tag.code ?? t("rule.deletedTag")).join("、");
  const lines: string[] = [];
  if (rules.allTags.length) lines.push(t("rule.all", { tags: tags(rules.allTags) }));
  if (rules.anyTags.length) lines.push(t("rule.any", { tags: tags(rules.anyTags) }));
  if (rules.noneTags.length) lines.push(t("rule.none", { tags: tags(rules.noneTags) }));
  if (rules.minLevelRank !== null || rules.maxLevelRank !== null) {
    lines.push(t("rule.levels", { min: rules.minLevelRank ?? 0, max: rules.maxLevelRank ?? "∞" }));
  }
  if (rules.storeId) lines.push(t("rule.store", { store: storeNames.get(rules.storeId) ?? rules.storeId }));
  if (rules.joinedWithinDays !== null) lines.push(t("rule.joined", { days: rules.joinedWithinDays }));
  return lines.length ? lines : [t("rule.everyone")];
}

function ruleFields(t: Text, stores: { id: string; name: string }[]): ApiFormField[] {
  return [
    { kind: "text", name: "allTags", label: t("field.allTags"), hint: t("field.tagsHint"), maxLength: 400 },
    { kind: "text", name: "anyTags", label: t("field.anyTags"), hint: t("field.tagsHint"), maxLength: 400 },
    { kind: "text", name: "noneTags", label: t("field.noneTags"), hint: t("field.tagsHint"), maxLength: 400 },
    { kind: "number", name: "minLevelRank", label: t("field.minLevelRank"), hint: t("field.rankHint") },
    { kind: "number", name: "maxLevelRank", label: t("field.maxLevelRank") },
    {
      kind: "choice",
      name: "storeId",
      label: t("field.storeId"),
      placeholder: t("field.anyStore"),
      options: stores.map((store) => ({ value: store.id, label: store.name })),
    },
    { kind: "number", name: "joinedWithinDays", label: t("field.joinedWithinDays"), hint: t("field.joinedHint") },
  ];
}

/** The estimate form: plain HTML, submitted to this page; the answer is rendered above it. */
function PreviewForm(
  { t, query, stores }: { t: Text; query: Record<string, string>; stores: { id: string; name: string }[] },
) {
  const fields = ruleFields(t, stores);
  return (
    <form method="get" action={SEGMENTS_PATH} class="stack">
      {fields.map((field) => {
        const id = `preview-${field.name}`;
        return (
          <div class="field" key={field.name}>
            <div class="label-row">
              <label for={id}>{field.label}</label>
            </div>
            {field.kind === "choice"
              ? (
                <select id={id} name={field.name}>
                  <option value="">{field.placeholder}</option>
                  {field.options.map((option) => (
                    <option value={String(option.value)} selected={query[field.name] === option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              )
              : field.kind === "number"
              ? <input id={id} name={field.name} type="number" value={query[field.name] ?? ""} />
              : <input id={id} name={field.name} type="text" value={query[field.name] ?? ""} />}
          </div>
        );
      })}
      <div class="actions">
        <button type="submit">{t("segments.previewButton")}</button>
      </div>
    </form>
  );
}

async function preview(ctx: PluginPageContext, query: Record<string, string>) {
  const given = RULE_FIELDS.filter((name) => query[name]);
  if (!given.length) return undefined;
  const params = new URLSearchParams(given.map((name) => [name, query[name]]));
  return await ctx.api.get<{ members: number; withConsent: number }>(`${API}/segments/preview?${params}`);
}

export const segmentsPage: PluginPage = {
  path: SEGMENTS_PATH,
  access: READ,
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const query = ctx.c.req.query();
    const [segments, stores, estimate] = await Promise.all([
      ctx.api.data<{ items: SegmentView[] }>(`${API}/segments`),
      ctx.api.get<{ items: { id: string; name: string }[] }>("/api/v1/stores"),
      preview(ctx, query),
    ]);
    const storeList = stores.ok ? stores.data.items : [];
    const storeNames = new Map(storeList.map((store) => [store.id, store.name]));
    return {
      title: t("segments.title"),
      body: (
        <>
          <h1>{t("segments.title")}</h1>
          <p class="lead">{t("segments.lead")}</p>
          <section aria-labelledby="segments-list">
            <h2 id="segments-list">{t("segments.list")}</h2>
            {segments.items.length
              ? (
                <div class="card-list">
                  {segments.items.map((segment) => (
                    <article class="card" key={segment.id} aria-labelledby={`segment-${segment.id}`}>
                      <div class="card-head">
                        <h3 id={`segment-${segment.id}`}>{segment.name}</h3>
                        <span class="badge">{t("segments.members")} {segment.members}</span>
                      </div>
                      {segment.description ? <p class="hint">{segment.description}</p> : null}
                      <ul class="plain">
                        {ruleLines(t, segment.rules, storeNames).map((line) => <li key={line}>{line}</li>)}
                      </ul>
                    </article>
                  ))}
                </div>
              )
              : <p class="empty">{t("segments.none")}</p>}
          </section>
          <section aria-labelledby="segments-preview" class="panel">
            <h2 id="segments-preview">{t("segments.preview")}</h2>
            <p class="hint">{t("segments.previewHint")}</p>
            {estimate
              ? estimate.ok
                ? (
                  <p class="notice" role="status">
                    {t("segments.previewResult", {
                      members: estimate.data.members,
                      consented: estimate.data.withConsent,
                    })}
                  </p>
                )
                : (
                  <div class="form-error" role="alert">
                    <p>{t("segments.previewProblem")}</p>
                    <ul>
                      {((estimate.problem as Problem).errors ?? []).map((e) => (
                        <li key={e.field}>{e.field}: {e.message}</li>
                      ))}
                    </ul>
                  </div>
                )
              : null}
            <PreviewForm t={t} query={query} stores={storeList} />
          </section>
          {principal.permissions.has(WRITE.permission)
            ? (
              <section aria-labelledby="segment-create" class="panel">
                <h2 id="segment-create">{t("segments.create")}</h2>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "segment-create",
                    action: `${API}/segments`,
                    fields: [
                      { kind: "text", name: "name", label: t("field.name"), required: true, maxLength: 60 },
                      { kind: "text", name: "description", label: t("field.description"), maxLength: 200 },
                      ...ruleFields(t, storeList),
                    ],
                    submitLabel: t("segments.save"),
                    done: { reload: true },
                  }}
                />
              </section>
            )
            : null}
        </>
      ),
    };
  },
};
