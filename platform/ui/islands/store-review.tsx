/**
 * The operator's review of store applications (contacts masked) and the district's stores. Approving creates
 * the store and answers the owner's invitation link, which stays on the card to be passed on; rejecting asks
 * for the reason the applicant will read.
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { CopyText } from "../components/copy-text.tsx";
import { FormError } from "../components/fields.tsx";
// Type-only: the bundler drops it, so no server code reaches the browser.
import type { StoreApplicationView } from "../../identity/onboarding/application-view.ts";
import { formatDateTime } from "../components/format.ts";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, translator } from "../i18n/translate.ts";

/** What the review list shows of an application: the API's view (contacts already masked), as far as needed. */
export type ApplicationRow = Pick<
  StoreApplicationView,
  | "id"
  | "storeName"
  | "creditCode"
  | "category"
  | "floor"
  | "unit"
  | "areaM2"
  | "staffCount"
  | "contactName"
  | "contactMobile"
  | "ownerLogin"
  | "submittedAt"
>;

export interface StoreRow {
  id: string;
  name: string;
  category: string | null;
  floor: string | null;
  unit: string | null;
  areaM2: number | null;
  staffCount: number | null;
  status: string;
}

export interface StoreReviewProps {
  locale: Locale;
  applications: ApplicationRow[];
  stores: StoreRow[];
  categories: (Bilingual & { id: string })[];
  canReview: boolean;
}

type Decision = { kind: "approved"; invitationUrl: string } | { kind: "rejected"; reason: string };

export function StoreReview(
  { locale, applications: initial, stores: initialStores, categories, canReview }: StoreReviewProps,
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [applications, setApplications] = useState(initial);
  const [stores, setStores] = useState(initialStores);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [rejecting, setRejecting] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [problems, setProblems] = useState<Record<string, Problem | undefined>>({});
  const categoryName = (id: string | null) => {
    const category = categories.find((c) => c.id === id);
    return category ? bilingual(locale, category) : id ?? "—";
  };

  const reload = async () => {
    const [pending, all] = await Promise.all([
      callApi<{ items: ApplicationRow[] }>("GET", "/api/v1/store-applications?status=pending"),
      callApi<{ items: StoreRow[] }>("GET", "/api/v1/stores"),
    ]);
    // Decided cards stay until the page is left, so the invitation link can still be copied.
    if (pending.ok) {
      setApplications((shown) =>
        [
          ...shown.filter((a) => !pending.data.items.some((p) => p.id === a.id)),
          ...pending.data.items,
        ].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
      );
    }
    if (all.ok) setStores(all.data.items);
  };

  const decide = async (id: string, action: "approve" | "reject", reason?: string) => {
    setBusy(id);
    setProblems((p) => ({ ...p, [id]: undefined }));
    const answer = await callApi<{ invitationUrl: string }>(
      "POST",
      `/api/v1/store-applications/${id}/${action}`,
      action === "reject" ? { reason } : undefined,
    );
    setBusy(undefined);
    if (!answer.ok) {
      setProblems((p) => ({ ...p, [id]: answer.problem }));
      return;
    }
    setRejecting(undefined);
    setDecisions((d) => ({
      ...d,
      [id]: action === "approve"
        ? { kind: "approved", invitationUrl: answer.data.invitationUrl }
        : { kind: "rejected", reason: reason ?? "" },
    }));
    await reload();
  };

  return (
    <div class="stack-lg">
      <section aria-labelledby="applications-title">
        <h2 id="applications-title">{t("stores.pendingTitle")}</h2>
        {applications.length ? null : <p class="empty">{t("stores.noPending")}</p>}
        <ul class="card-list">
          {applications.map((application) => {
            const decision = decisions[application.id];
            const problem = problems[application.id];
            const headingId = `application-${application.id}`;
            return (
              <li key={application.id}>
                <article class="card" aria-labelledby={headingId}>
                  <h3 id={headingId}>{application.storeName}</h3>
                  <dl class="facts">
                    <dt>{t("apply.creditCode")}</dt>
                    <dd>{application.creditCode}</dd>
                    <dt>{t("apply.category")}</dt>
                    <dd>{categoryName(application.category)}</dd>
                    <dt>{t("stores.location")}</dt>
                    <dd>{application.floor} · {application.unit}</dd>
                    <dt>{t("apply.areaM2")}</dt>
                    <dd>{application.areaM2}</dd>
                    <dt>{t("apply.staffCount")}</dt>
                    <dd>{application.staffCount}</dd>
                    <dt>{t("stores.contact")}</dt>
                    <dd>{application.contactName} · {application.contactMobile}</dd>
                    <dt>{t("apply.ownerLogin")}</dt>
                    <dd>{application.ownerLogin}</dd>
                    <dt>{t("stores.submittedAt")}</dt>
                    <dd>{formatDateTime(locale, application.submittedAt)}</dd>
                  </dl>
                  {decision?.kind === "approved"
                    ? (
                      <div class="notice success" role="status">
                        <p>{t("stores.approved")}</p>
                        <CopyText
                          locale={locale}
                          id={`invitation-${application.id}`}
                          label={t("stores.ownerInvitation")}
                          text={decision.invitationUrl}
                        />
                      </div>
                    )
                    : decision?.kind === "rejected"
                    ? <p class="notice" role="status">{t("stores.rejected", { reason: decision.reason })}</p>
                    : canReview
                    ? (
                      <>
                        <FormError message={formError(problem, ["reason"], t)} />
                        {rejecting === application.id
                          ? (
                            <RejectForm
                              locale={locale}
                              id={application.id}
                              busy={busy === application.id}
                              error={fieldErrors(problem, ["reason"]).reason}
                              onCancel={() => setRejecting(undefined)}
                              onReject={(reason) => decide(application.id, "reject", reason)}
                            />
                          )
                          : (
                            <div class="actions">
                              <button
                                type="button"
                                class="primary"
                                disabled={!hydrated || busy === application.id}
                                onClick={() => decide(application.id, "approve")}
                                aria-describedby={headingId}
                              >
                                {t("stores.approve")}
                              </button>
                              <button
                                type="button"
                                disabled={!hydrated || busy === application.id}
                                onClick={() => setRejecting(application.id)}
                                aria-describedby={headingId}
                              >
                                {t("stores.reject")}
                              </button>
                            </div>
                          )}
                      </>
                    )
                    : null}
                </article>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="stores-title">
        <h2 id="stores-title">{t("stores.listTitle")}</h2>
        {stores.length
          ? (
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t("apply.storeName")}</th>
                  <th scope="col">{t("apply.category")}</th>
                  <th scope="col">{t("stores.location")}</th>
                  <th scope="col">{t("apply.areaM2")}</th>
                  <th scope="col">{t("apply.staffCount")}</th>
                </tr>
              </thead>
              <tbody>
                {stores.map((store) => (
                  <tr key={store.id}>
                    <td data-label={t("apply.storeName")}>{store.name}</td>
                    <td data-label={t("apply.category")}>{categoryName(store.category)}</td>
                    <td data-label={t("stores.location")}>{[store.floor, store.unit].filter(Boolean).join(" · ")}</td>
                    <td data-label={t("apply.areaM2")}>{store.areaM2 ?? "—"}</td>
                    <td data-label={t("apply.staffCount")}>{store.staffCount ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
          : <p class="empty">{t("stores.none")}</p>}
      </section>
    </div>
  );
}

function RejectForm(
  { locale, id, busy, error, onCancel, onReject }: {
    locale: Locale;
    id: string;
    busy: boolean;
    error?: string;
    onCancel: () => void;
    onReject: (reason: string) => void;
  },
) {
  const t = translator(locale);
  const fieldId = `reject-reason-${id}`;
  return (
    <form
      method="post"
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        onReject(String(new FormData(event.currentTarget).get("reason") ?? ""));
      }}
    >
      <div class={error ? "field has-error" : "field"}>
        <label for={fieldId}>{t("stores.reason")}</label>
        <textarea
          id={fieldId}
          name="reason"
          rows={3}
          maxLength={200}
          required
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
        {error ? <p class="field-error" id={`${fieldId}-error`}>{error}</p> : null}
      </div>
      <div class="actions">
        <button type="submit" class="danger" disabled={busy}>{t("stores.rejectConfirm")}</button>
        <button type="button" onClick={onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
