/**
 * `/console/plugins/membership/points/members`: find a member by card number (a plain GET form), see their points
 * (balance, what expires soon, the ledger page by page) and, for operator admins, adjust them with a reason.
 */
import { Island, type PluginPage, signedInPrincipal } from "../../../platform/sdk.ts";
import { messages } from "./messages.ts";
import { API, lastDay, type LedgerPageView, LedgerTable, newRequestKey, Pager, POINTS_PATH } from "./page-bits.tsx";

export const MEMBERS_PATH = `${POINTS_PATH}/members`;

type MemberLedger = LedgerPageView & { member: { id: string; memberNo: string; status: string } };

export const memberPointsPage: PluginPage = {
  path: MEMBERS_PATH,
  access: { permission: "membership:points-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const canManage = signedInPrincipal(ctx).permissions.has("membership:points-manage");
    const named = (ctx.c.req.query("member") ?? "").trim().slice(0, 40);
    const page = Math.max(1, Math.floor(Number(ctx.c.req.query("page") ?? 1)) || 1);
    let found: MemberLedger | undefined;
    let missing = false;
    if (named) {
      const answer = await ctx.api.get<MemberLedger>(
        `${API}/members/${encodeURIComponent(named)}/ledger?page=${page}&pageSize=20`,
      );
      if (answer.ok) found = answer.data;
      else if (answer.status === 404 || answer.status === 422) missing = true;
      else throw new Error(`a member's ledger answered ${answer.status}`);
    }
    return {
      title: t("members.title"),
      body: (
        <>
          <h1>{t("members.title")}</h1>
          <p class="lead">{t("members.lead")}</p>
          <form method="get" action={MEMBERS_PATH} class="stack">
            <div class="field">
              <label for="points-member">{t("members.find")}</label>
              <input
                id="points-member"
                name="member"
                type="text"
                inputMode="numeric"
                required
                maxLength={40}
                value={named}
                autoComplete="off"
              />
            </div>
            <button type="submit" class="primary">{t("members.show")}</button>
          </form>
          {missing ? <p class="notice warn" role="alert">{t("members.notFound")}</p> : null}
          {found
            ? (
              <section aria-labelledby="member-points-title">
                <h2 id="member-points-title">{found.member.memberNo}</h2>
                <dl class="facts">
                  <dt>{t("members.balance")}</dt>
                  <dd class="big-number">{found.balance}</dd>
                </dl>
                {found.expiring.map((lot) => (
                  <p class="notice" key={lot.expiresAt}>
                    {t("members.expiring", { points: lot.points, date: lastDay(ctx.locale, lot.expiresAt) })}
                  </p>
                ))}
                <h3>{t("members.history")}</h3>
                {found.items.length
                  ? <LedgerTable items={found.items} t={t} locale={ctx.locale} showReasons />
                  : <p class="empty">{t("members.noHistory")}</p>}
                <Pager
                  path={MEMBERS_PATH}
                  query={{ member: named }}
                  page={found.page}
                  pageSize={found.pageSize}
                  total={found.total}
                  newer={t("members.prev")}
                  older={t("members.next")}
                />
                {canManage && found.member.status === "active"
                  ? (
                    <section class="panel" aria-labelledby="points-adjust-title">
                      <h3 id="points-adjust-title">{t("members.adjust")}</h3>
                      <Island
                        name="ApiForm"
                        props={{
                          locale: ctx.locale,
                          id: "points-adjust",
                          action: `${API}/members/${found.member.id}/adjustments`,
                          fields: [
                            { kind: "number", name: "points", label: t("members.adjustPoints"), required: true },
                            {
                              kind: "text",
                              name: "reason",
                              label: t("members.adjustReason"),
                              required: true,
                              maxLength: 200,
                            },
                            {
                              kind: "text",
                              name: "idempotencyKey",
                              label: t("members.adjustKey"),
                              hint: t("members.keyHint"),
                              required: true,
                              maxLength: 100,
                              value: newRequestKey("adjust"),
                            },
                          ],
                          submitLabel: t("members.adjustSubmit"),
                          done: { reload: true },
                          messages: { "409": t("members.tooLow") },
                        }}
                      />
                    </section>
                  )
                  : null}
              </section>
            )
            : null}
        </>
      ),
    };
  },
};
