/**
 * The member's phone pages (H5): the inbox (`/d/<district>/membership/inbox`), the message settings with the
 * marketing switch (`…/settings`), and the page an SMS unsubscribe link opens (`…/unsubscribe?token=…`, no sign-in).
 * Server-rendered from the public API with the member's cookie; buttons are the core's ApiForm.
 */
import { formatDateTime, Island, type PluginPage, type PluginPageContext } from "../../../platform/sdk.ts";
import { messages, type Text } from "./messages.ts";

const API = "/api/v1/plugins/membership/public";
const PAGE_SIZE = 20;

interface InboxView {
  items: {
    id: string;
    kind: "marketing" | "service";
    title: string;
    body: string;
    createdAt: string;
    readAt: string | null;
  }[];
  unread: number;
  total: number;
}

interface MarketingView {
  subscribed: boolean;
  decidedAt: string | null;
  frequencyCap: number;
}

const districtOf = (ctx: PluginPageContext) => encodeURIComponent(ctx.c.req.param("district") ?? "");

/** Shown when the API answers 401: the member has no session in this district. */
function signInPrompt(t: Text, district: string) {
  return {
    title: t("member.signInTitle"),
    frame: "consumer" as const,
    body: (
      <section class="message-page">
        <h1>{t("member.signInTitle")}</h1>
        <p>{t("member.signIn")}</p>
        <p>
          <a class="button primary" href={`/d/${district}/membership`}>{t("member.signInLink")}</a>
        </p>
      </section>
    ),
  };
}

function unexpected(path: string, status: number): never {
  throw new Error(`${path} answered ${status}`);
}

export const inboxPage: PluginPage = {
  path: "/d/:district/membership/inbox",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = districtOf(ctx);
    const page = Math.max(1, Number.parseInt(ctx.c.req.query("page") ?? "1", 10) || 1);
    const path = `${API}/${district}/me/inbox?page=${page}&pageSize=${PAGE_SIZE}`;
    const inbox = await ctx.api.get<InboxView>(path);
    if (!inbox.ok) return inbox.status === 401 ? signInPrompt(t, district) : unexpected(path, inbox.status);
    const { items, unread, total } = inbox.data;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const here = `/d/${district}/membership/inbox`;
    return {
      title: t("inbox.title"),
      frame: "consumer",
      body: (
        <section class="stack">
          <h1>{t("inbox.title")}</h1>
          <p class="lead">{unread ? t("inbox.unread", { count: unread }) : t("inbox.allRead")}</p>
          {unread
            ? (
              <Island
                name="ApiForm"
                props={{
                  locale: ctx.locale,
                  id: "inbox-read-all",
                  action: `${API}/${district}/me/inbox/read-all`,
                  fields: [],
                  submitLabel: t("inbox.markAll"),
                  done: { reload: true },
                }}
              />
            )
            : null}
          {items.length
            ? (
              <div class="card-list">
                {items.map((message) => (
                  <article class="card" key={message.id} aria-labelledby={`message-${message.id}`}>
                    <div class="card-head">
                      <h2 id={`message-${message.id}`}>{message.title}</h2>
                      <span class={message.readAt ? "badge muted" : "badge warn"}>
                        {message.readAt ? t(`inbox.kind.${message.kind}`) : t("inbox.new")}
                      </span>
                    </div>
                    <p>{message.body}</p>
                    <p class="hint">{formatDateTime(ctx.locale, message.createdAt)}</p>
                    {message.readAt ? null : (
                      <Island
                        name="ApiForm"
                        props={{
                          locale: ctx.locale,
                          id: `read-${message.id}`,
                          action: `${API}/${district}/me/inbox/${message.id}/read`,
                          fields: [],
                          submitLabel: t("inbox.markRead"),
                          done: { reload: true },
                        }}
                      />
                    )}
                  </article>
                ))}
              </div>
            )
            : <p class="empty">{t("inbox.none")}</p>}
          {pages > 1
            ? (
              <p class="actions">
                {page > 1 ? <a href={`${here}?page=${page - 1}`}>{t("paging.previous")}</a> : null}
                <span>{t("paging.page", { page, pages })}</span>
                {page < pages ? <a href={`${here}?page=${page + 1}`}>{t("paging.next")}</a> : null}
              </p>
            )
            : null}
          <p class="actions">
            <a href={`/d/${district}/membership/settings`}>{t("inbox.settings")}</a>
            <a href={`/d/${district}/membership`}>{t("member.home")}</a>
          </p>
        </section>
      ),
    };
  },
};

export const settingsPage: PluginPage = {
  path: "/d/:district/membership/settings",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = districtOf(ctx);
    const path = `${API}/${district}/me/marketing`;
    const state = await ctx.api.get<MarketingView>(path);
    if (!state.ok) return state.status === 401 ? signInPrompt(t, district) : unexpected(path, state.status);
    const { subscribed, decidedAt, frequencyCap } = state.data;
    return {
      title: t("settings.title"),
      frame: "consumer",
      body: (
        <section class="stack">
          <h1>{t("settings.title")}</h1>
          <div class="card">
            <div class="card-head">
              <h2>{t("settings.marketing")}</h2>
              <span class={subscribed ? "badge ok" : "badge muted"}>
                {subscribed ? t("settings.on") : t("settings.off")}
              </span>
            </div>
            <p class="hint">{t("settings.marketingHint", { cap: frequencyCap })}</p>
            {decidedAt
              ? <p class="hint">{t("settings.since", { time: formatDateTime(ctx.locale, decidedAt) })}</p>
              : null}
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "marketing-switch",
                action: `${API}/${district}/me/${subscribed ? "unsubscribe" : "subscribe"}`,
                fields: [],
                submitLabel: subscribed ? t("settings.turnOff") : t("settings.turnOn"),
                done: { reload: true },
              }}
            />
          </div>
          <p class="actions">
            <a href={`/d/${district}/membership/inbox`}>{t("settings.inbox")}</a>
            <a href={`/d/${district}/membership`}>{t("member.home")}</a>
          </p>
        </section>
      ),
    };
  },
};

export const unsubscribePage: PluginPage = {
  path: "/d/:district/membership/unsubscribe",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = districtOf(ctx);
    const token = encodeURIComponent(ctx.c.req.query("token") ?? "");
    const path = `${API}/${district}/unsubscribe?token=${token}`;
    const state = await ctx.api.get<MarketingView>(path);
    if (!state.ok) {
      // 404: not a link of this district; 422: no token at all.
      if (state.status !== 404 && state.status !== 422) unexpected(path, state.status);
      return {
        title: t("unsubscribe.invalidTitle"),
        status: 404,
        frame: "consumer",
        body: (
          <section class="message-page">
            <h1>{t("unsubscribe.invalidTitle")}</h1>
            <p>{t("unsubscribe.invalid")}</p>
          </section>
        ),
      };
    }
    return {
      title: t("unsubscribe.title"),
      frame: "consumer",
      body: (
        <section class="message-page">
          <h1>{t("unsubscribe.title")}</h1>
          {state.data.subscribed
            ? (
              <>
                <p class="lead">{t("unsubscribe.lead")}</p>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "unsubscribe",
                    action: path,
                    fields: [],
                    submitLabel: t("unsubscribe.button"),
                    done: { message: t("unsubscribe.done") },
                  }}
                />
              </>
            )
            : <p class="notice" role="status">{t("unsubscribe.already")}</p>}
        </section>
      ),
    };
  },
};
