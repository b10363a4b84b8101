/**
 * Operators' member pages: the list (counts, exact search by mobile or card number, level and tag filters, pages)
 * and one member (level, stores, tags with add/remove, consent, the audited reveal of the mobile). Searching is a
 * plain GET form — a page address, no script needed; changes go through ApiForm.
 */
import {
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import { P } from "./grants.ts";
import { type MembersText, messages } from "./messages.ts";

const API = "/api/v1/plugins/membership";
const PAGE = "/console/plugins/membership/members";

interface LevelRef {
  id: string;
  code: string;
  name: { zh: string; en: string };
}

interface Summary {
  id: string;
  memberNo: string;
  mobile: string;
  level: LevelRef | null;
  joinedAt: string;
}

interface ListView {
  items: Summary[];
  total: number;
  page: number;
  pageSize: number;
  counts: { members: number; joinedLast30Days: number };
}

interface TagRef {
  id: string;
  code: string;
  name: string;
  rule: unknown;
}

interface Detail extends Summary {
  status: "active" | "erased";
  name: string | null;
  birthday: string | null;
  joinedChannel: string;
  joinedStore: { id: string; name: string } | null;
  stores: { id: string; name: string; via: "signup" | "sale" | "manual"; joinedAt: string }[];
  tags: { id: string; code: string; name: string; source: "manual" | "rule" }[];
  marketingConsent: { granted: boolean; decidedAt: string | null; channel: string | null };
}

export function levelLabel(ctx: PluginPageContext, level: LevelRef | null): string {
  if (!level) return "—";
  return ctx.locale === "zh-CN" ? level.name.zh : level.name.en;
}

const FILTERS = ["mobile", "memberNo", "levelId", "tagId"] as const;

/** A level as GET /levels lists it. */
interface LevelOption {
  id: string;
  nameZh: string;
  nameEn: string;
}

function SearchForm(
  { ctx, t, levels, tags }: { ctx: PluginPageContext; t: MembersText; levels: LevelOption[]; tags: TagRef[] },
) {
  const value = (name: string) => ctx.c.req.query(name) ?? "";
  return (
    <form method="get" action={PAGE} class="stack panel" role="search">
      <div class="row-2">
        <div class="field">
          <label for="q-mobile">{t("members.mobile")}</label>
          <input id="q-mobile" name="mobile" inputMode="tel" value={value("mobile")} autoComplete="off" />
        </div>
        <div class="field">
          <label for="q-no">{t("members.memberNo")}</label>
          <input id="q-no" name="memberNo" inputMode="numeric" value={value("memberNo")} autoComplete="off" />
        </div>
        <div class="field">
          <label for="q-level">{t("members.level")}</label>
          <select id="q-level" name="levelId">
            <option value="">{t("members.any")}</option>
            {levels.map((level) => (
              <option key={level.id} value={level.id} selected={value("levelId") === level.id}>
                {ctx.locale === "zh-CN" ? level.nameZh : level.nameEn}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="q-tag">{t("members.tag")}</label>
          <select id="q-tag" name="tagId">
            <option value="">{t("members.any")}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id} selected={value("tagId") === tag.id}>{tag.name}</option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" class="button primary">{t("members.search")}</button>
    </form>
  );
}

export const membersPage: PluginPage = {
  path: PAGE,
  access: { permission: P.read },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const query = new URLSearchParams();
    for (const name of [...FILTERS, "page"]) {
      const value = ctx.c.req.query(name)?.trim();
      if (value) query.set(name, value);
    }
    const [list, levels, tags] = [
      await ctx.api.get<ListView>(`${API}/members?${query}`),
      await ctx.api.data<{ items: LevelOption[] }>(`${API}/levels`),
      await ctx.api.data<{ items: TagRef[] }>(`${API}/tags`),
    ];
    const pageLink = (page: number) => {
      const next = new URLSearchParams(query);
      next.set("page", String(page));
      return `${PAGE}?${next}`;
    };
    return {
      title: t("members.title"),
      body: (
        <>
          <h1>{t("members.title")}</h1>
          <p class="lead">{t("members.lead")}</p>
          {list.ok
            ? (
              <dl class="kpis">
                <div class="kpi">
                  <dt>{t("members.count")}</dt>
                  <dd class="kpi-value">{list.data.counts.members}</dd>
                </div>
                <div class="kpi">
                  <dt>{t("members.recent")}</dt>
                  <dd class="kpi-value">{list.data.counts.joinedLast30Days}</dd>
                </div>
              </dl>
            )
            : null}
          <SearchForm ctx={ctx} t={t} levels={levels.items} tags={tags.items} />
          {!list.ok
            ? (
              <p class="notice" role="alert">
                {list.problem.errors?.map((e) => e.message).join("; ") ?? list.problem.detail}
              </p>
            )
            : list.data.items.length === 0
            ? <p class="empty">{t("members.none")}</p>
            : (
              <section aria-labelledby="members-found">
                <h2 id="members-found">{t("members.found", { total: list.data.total })}</h2>
                <table class="cards">
                  <thead>
                    <tr>
                      <th>{t("members.memberNo")}</th>
                      <th>{t("members.mobile")}</th>
                      <th>{t("members.level")}</th>
                      <th>{t("members.joinedAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((member) => (
                      <tr key={member.id}>
                        <td data-label={t("members.memberNo")}>
                          <a href={`${PAGE}/${member.id}`}>{member.memberNo}</a>
                        </td>
                        <td data-label={t("members.mobile")}>{member.mobile}</td>
                        <td data-label={t("members.level")}>{levelLabel(ctx, member.level)}</td>
                        <td data-label={t("members.joinedAt")}>{formatDateTime(ctx.locale, member.joinedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager
                  t={t}
                  page={list.data.page}
                  pages={Math.max(1, Math.ceil(list.data.total / list.data.pageSize))}
                  link={pageLink}
                />
              </section>
            )}
        </>
      ),
    };
  },
};

function Pager(
  { t, page, pages, link }: { t: MembersText; page: number; pages: number; link: (page: number) => string },
) {
  if (pages <= 1) return null;
  return (
    <nav class="actions" aria-label={t("members.page", { page, pages })}>
      {page > 1 ? <a href={link(page - 1)}>{t("members.prev")}</a> : null}
      <span>{t("members.page", { page, pages })}</span>
      {page < pages ? <a href={link(page + 1)}>{t("members.next")}</a> : null}
    </nav>
  );
}

function consentText(ctx: PluginPageContext, t: MembersText, consent: Detail["marketingConsent"]): string {
  if (!consent.decidedAt) return t("member.consentNever");
  const vars = { time: formatDateTime(ctx.locale, consent.decidedAt), channel: consent.channel ?? "" };
  return consent.granted ? t("member.consentGranted", vars) : t("member.consentWithdrawn", vars);
}

export const memberPage: PluginPage = {
  path: `${PAGE}/:id`,
  access: { permission: P.read },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const id = encodeURIComponent(ctx.c.req.param("id") ?? "");
    const member = await ctx.api.data<Detail>(`${API}/members/${id}`);
    const mayTag = principal.permissions.has(P.tag);
    const handTags = mayTag
      ? (await ctx.api.data<{ items: TagRef[] }>(`${API}/tags`)).items.filter((tag) => tag.rule === null)
      : [];
    const mayReveal = principal.permissions.has("pii:read:phone") && member.status === "active";
    const purpose = ctx.c.req.query("purpose")?.trim();
    const revealed = mayReveal && purpose
      ? await ctx.api.get<{ mobile: string }>(`${API}/members/${id}/mobile?purpose=${encodeURIComponent(purpose)}`)
      : undefined;
    return {
      title: t("member.title", { memberNo: member.memberNo }),
      body: (
        <>
          <p class="breadcrumb">
            <a href={PAGE}>{t("members.title")}</a>
          </p>
          <h1>{t("member.title", { memberNo: member.memberNo })}</h1>
          {member.status === "erased" ? <p class="notice">{t("member.erased")}</p> : null}
          <dl class="facts">
            <dt>{t("members.mobile")}</dt>
            <dd>{revealed?.ok ? t("member.revealed", { mobile: revealed.data.mobile }) : member.mobile}</dd>
            <dt>{t("member.name")}</dt>
            <dd>{member.name ?? "—"}</dd>
            <dt>{t("member.birthday")}</dt>
            <dd>{member.birthday ?? "—"}</dd>
            <dt>{t("members.level")}</dt>
            <dd>{levelLabel(ctx, member.level)}</dd>
            <dt>{t("members.joinedAt")}</dt>
            <dd>{formatDateTime(ctx.locale, member.joinedAt)}</dd>
            <dt>{t("member.channel")}</dt>
            <dd>{member.joinedChannel}</dd>
            <dt>{t("member.joinedStore")}</dt>
            <dd>{member.joinedStore?.name ?? "—"}</dd>
            <dt>{t("member.consent")}</dt>
            <dd>{consentText(ctx, t, member.marketingConsent)}</dd>
          </dl>
          {mayReveal && !revealed?.ok
            ? (
              <form method="get" class="stack panel" aria-labelledby="reveal-title">
                <h2 id="reveal-title">{t("member.reveal")}</h2>
                <div class="field">
                  <label for="reveal-purpose">{t("member.purpose")}</label>
                  <p class="hint" id="reveal-purpose-hint">{t("member.purposeHint")}</p>
                  <input
                    id="reveal-purpose"
                    name="purpose"
                    required
                    minLength={2}
                    maxLength={100}
                    aria-describedby="reveal-purpose-hint"
                  />
                </div>
                <button type="submit" class="button">{t("member.revealButton")}</button>
              </form>
            )
            : null}
          <section aria-labelledby="stores-title" class="panel">
            <h2 id="stores-title">{t("member.stores")}</h2>
            {member.stores.length
              ? (
                <ul class="plain">
                  {member.stores.map((store) => (
                    <li key={store.id}>
                      {store.name} <span class="badge muted">{t(`member.via.${store.via}`)}</span>{" "}
                      <span class="hint">{formatDateTime(ctx.locale, store.joinedAt)}</span>
                    </li>
                  ))}
                </ul>
              )
              : <p class="empty">{t("member.noStores")}</p>}
          </section>
          <section aria-labelledby="tags-title" class="panel">
            <h2 id="tags-title">{t("member.tags")}</h2>
            {member.tags.length
              ? (
                <ul class="plain stack">
                  {member.tags.map((tag) => (
                    <li key={tag.id}>
                      {tag.name} <span class="badge muted">{t(`member.tagSource.${tag.source}`)}</span>
                      {mayTag && tag.source === "manual"
                        ? (
                          <Island
                            name="ApiForm"
                            props={{
                              locale: ctx.locale,
                              id: `untag-${tag.id}`,
                              action: `${API}/members/${id}/tags/${tag.id}`,
                              method: "DELETE",
                              fields: [],
                              submitLabel: t("member.remove"),
                              done: { reload: true },
                            }}
                          />
                        )
                        : null}
                    </li>
                  ))}
                </ul>
              )
              : <p class="empty">{t("member.noTags")}</p>}
            {mayTag && handTags.length && member.status === "active"
              ? (
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "tag",
                    action: `${API}/members/${id}/tags`,
                    fields: [{
                      kind: "choice",
                      name: "tagId",
                      label: t("member.tag"),
                      required: true,
                      options: handTags.map((tag) => ({ value: tag.id, label: tag.name })),
                    }],
                    submitLabel: t("member.addTag"),
                    done: { reload: true },
                  }}
                />
              )
              : null}
          </section>
        </>
      ),
    };
  },
};
