/**
 * `/register/status/<token>`: the applicant follows the application. Once approved it shows the owner's
 * invitation link (while unused); once rejected, the district's reason. The token in the address is the only
 * key, so the page asks the applicant to keep the address.
 */
import { bilingual, type MessageKey } from "../i18n/translate.ts";
import { Island } from "../island.tsx";
import type { UiPage } from "../page.ts";
import { formatDateTime } from "../components/format.ts";
import { notFoundView } from "./status-views.tsx";

interface ApplicationStatus {
  status: "pending" | "approved" | "rejected";
  storeName: string;
  district: { zh: string; en: string };
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
  invitationUrl: string | null;
}

const STATUS_KEYS: Record<ApplicationStatus["status"], MessageKey> = {
  pending: "status.pending",
  approved: "status.approved",
  rejected: "status.rejected",
};

export const registerStatusPage: UiPage = {
  path: "/register/status/:token",
  access: "public",
  render: async (ctx) => {
    const { c, t, locale } = ctx;
    const token = c.req.param("token") ?? "";
    const answer = await ctx.api.get<ApplicationStatus>(
      `/api/v1/public/store-applications/${encodeURIComponent(token)}`,
    );
    if (!answer.ok) return notFoundView(ctx, t("status.invalid"));
    const application = answer.data;
    const pageUrl = new URL(c.req.url);
    pageUrl.search = "";
    return {
      title: t("status.title"),
      narrow: true,
      body: (
        <section class="panel">
          <h1>{t("status.title")}</h1>
          {c.req.query("new") ? <p class="notice success" role="status">{t("status.submitted")}</p> : null}
          <dl class="facts">
            <dt>{t("apply.storeName")}</dt>
            <dd>{application.storeName}</dd>
            <dt>{t("status.district")}</dt>
            <dd>{bilingual(locale, application.district)}</dd>
            <dt>{t("status.submittedAt")}</dt>
            <dd>{formatDateTime(locale, application.submittedAt)}</dd>
            <dt>{t("status.state")}</dt>
            <dd>
              <span class={`badge status-${application.status}`}>{t(STATUS_KEYS[application.status])}</span>
            </dd>
            {application.decidedAt
              ? (
                <>
                  <dt>{t("status.decidedAt")}</dt>
                  <dd>{formatDateTime(locale, application.decidedAt)}</dd>
                </>
              )
              : null}
          </dl>
          {application.status === "pending" ? <p>{t("status.pendingText")}</p> : null}
          {application.status === "rejected"
            ? <p class="notice">{t("status.rejectedText", { reason: application.reason ?? "—" })}</p>
            : null}
          {application.status === "approved" && application.invitationUrl
            ? (
              <div class="notice success">
                <p>{t("status.approvedText")}</p>
                <p>
                  <a class="button primary" href={application.invitationUrl}>{t("status.setPassword")}</a>
                </p>
                <Island
                  name="CopyText"
                  props={{
                    locale,
                    id: "owner-invitation",
                    label: t("status.invitationLink"),
                    text: application.invitationUrl,
                  }}
                />
              </div>
            )
            : null}
          {application.status === "approved" && !application.invitationUrl
            ? (
              <p>
                {t("status.approvedUsed")} <a href="/login">{t("layout.signIn")}</a>
              </p>
            )
            : null}
          <Island
            name="CopyText"
            props={{ locale, id: "status-url", label: t("status.keepAddress"), text: pageUrl.href }}
          />
        </section>
      ),
    };
  },
};

/** The onboarding API's statusUrl points at /apply/status/<token>; both addresses show the same page. */
export const applyStatusAlias: UiPage = {
  path: "/apply/status/:token",
  access: "public",
  render: ({ c }) => c.redirect(`/register/status/${encodeURIComponent(c.req.param("token") ?? "")}`, 301),
};
