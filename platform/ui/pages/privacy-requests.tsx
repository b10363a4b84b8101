/**
 * `/console/privacy/requests`: one person's data-subject requests and consents, found by their id (`?subject=`,
 * a plain GET form). Exporting, erasing and recording a consent decision happen in islands that call the API.
 */
import { consentPurposes } from "../../privacy/consent-purposes.ts";
import { Island } from "../island.tsx";
import type { ConsentEventRow, ConsentStateRow } from "../islands/consent-manager.tsx";
import type { SubjectRequestRow } from "../islands/subject-requests.tsx";
import { ApiCallError } from "../internal-api.ts";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { districtTimeZone } from "./district-time-zone.ts";
import { privacySection, sectionFrame } from "./privacy.tsx";

const SECTION = privacySection("/console/privacy/requests");

export const privacyRequestsPage: UiPage = {
  path: SECTION.path,
  access: { permission: SECTION.permission },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const subjectId = new URL(ctx.c.req.url).searchParams.get("subject")?.trim() ?? "";
    const timeZone = await districtTimeZone(ctx);

    let subjectError: string | undefined;
    /** Who did it: the district's people by name ("user:<id>" → name). */
    const names: Record<string, string> = {};
    let found: { requests: SubjectRequestRow[]; current: ConsentStateRow[]; history: ConsentEventRow[] } | undefined;
    if (subjectId) {
      const requestsPath = `/api/v1/privacy/subject-requests?subjectId=${encodeURIComponent(subjectId)}`;
      const consentsPath = `/api/v1/privacy/subjects/${encodeURIComponent(subjectId)}/consents`;
      const [requests, consents, users] = await Promise.all([
        ctx.api.get<{ items: SubjectRequestRow[] }>(requestsPath),
        ctx.api.get<{ current: ConsentStateRow[]; history: ConsentEventRow[] }>(consentsPath),
        principal.permissions.has("users:read")
          ? ctx.api.get<{ items: { accountId: string; displayName: string }[] }>("/api/v1/users")
          : undefined,
      ]);
      if (users?.ok) { for (const user of users.data.items) names[`user:${user.accountId}`] = user.displayName; }
      if (!requests.ok && requests.status === 422) {
        subjectError = requests.problem.errors?.[0]?.message ?? t("error.checkFields");
      } else if (!requests.ok) throw new ApiCallError(requests.status, requests.problem, requestsPath);
      else if (!consents.ok) throw new ApiCallError(consents.status, consents.problem, consentsPath);
      else found = { requests: requests.data.items, ...consents.data };
    }

    return sectionFrame(
      t,
      principal,
      SECTION,
      "privacy.requests.lead",
      <>
        <section class="panel" aria-labelledby="subject-find-title">
          <h2 id="subject-find-title">{t("privacy.subject.findTitle")}</h2>
          <form method="get" action={SECTION.path} class="stack">
            <div class={subjectError ? "field has-error" : "field"}>
              <div class="label-row">
                <label for="subject-id">{t("privacy.subject.id")}</label>
                <span class="required" aria-hidden="true">*</span>
              </div>
              <p class="hint" id="subject-id-hint">{t("privacy.subject.idHint")}</p>
              <input
                id="subject-id"
                name="subject"
                type="text"
                required
                maxLength={200}
                value={subjectId}
                autoComplete="off"
                spellcheck={false}
                aria-invalid={subjectError ? "true" : undefined}
                aria-describedby={subjectError ? "subject-id-hint subject-id-error" : "subject-id-hint"}
              />
              {subjectError ? <p class="field-error" id="subject-id-error">{subjectError}</p> : null}
            </div>
            <button type="submit" class="primary">{t("privacy.subject.find")}</button>
          </form>
        </section>
        {found
          ? (
            <div class="stack-lg">
              <Island
                name="SubjectRequests"
                props={{ locale, timeZone, subjectId, requests: found.requests, names }}
              />
              <Island
                name="ConsentManager"
                props={{
                  locale,
                  timeZone,
                  subjectId,
                  current: found.current,
                  history: found.history,
                  names,
                  purposes: consentPurposes.list().map((p) => ({ id: p.id, name: p.name })),
                }}
              />
            </div>
          )
          : null}
      </>,
    );
  },
};
