/** `/invite/<token>`: whom the invitation is for, and the form to choose a password (public invitation API). */
import { bilingual } from "../i18n/translate.ts";
import { Island } from "../island.tsx";
import type { UiPage } from "../page.ts";
import { notFoundView } from "./status-views.tsx";

interface Invitation {
  login: string;
  displayName: string;
  district: { zh: string; en: string };
  expired: boolean;
  accepted: boolean;
}

export const invitationPage: UiPage = {
  path: "/invite/:token",
  access: "public",
  render: async (ctx) => {
    const { c, t, locale } = ctx;
    const token = c.req.param("token") ?? "";
    const answer = await ctx.api.get<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`);
    if (!answer.ok) return notFoundView(ctx, t("invite.invalid"));
    const invitation = answer.data;
    const district = bilingual(locale, invitation.district);
    const closed = invitation.accepted || invitation.expired;
    return {
      title: t("invite.title"),
      narrow: true,
      status: closed ? 409 : 200,
      body: (
        <section class="panel">
          <h1>{t("invite.title")}</h1>
          <p>{t("invite.for", { district, name: invitation.displayName })}</p>
          <dl class="facts">
            <dt>{t("signIn.login")}</dt>
            <dd>
              <strong>{invitation.login}</strong>
            </dd>
          </dl>
          {invitation.accepted
            ? (
              <p class="notice">
                {t("invite.used")}{" "}
                <a href={`/login?login=${encodeURIComponent(invitation.login)}`}>{t("invite.goSignIn")}</a>
              </p>
            )
            : invitation.expired
            ? <p class="notice">{t("invite.expired")}</p>
            : <Island name="InvitationForm" props={{ locale, token, login: invitation.login }} />}
        </section>
      ),
    };
  },
};
