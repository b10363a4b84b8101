/**
 * A person's data-subject requests (PIPL art. 45, 47): export everything the district holds about them as a
 * JSON file (the browser saves what POST …/subject-requests?download=1 answers), or erase it after typing their
 * id to confirm; and the requests made so far.
 */
import { useState } from "preact/hooks";
import { callApi, csrfToken, type Problem } from "../client/api.ts";
import { FormError } from "../components/fields.tsx";
import { formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import { formatInZone } from "../components/zoned-time.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";

export interface SubjectRequestRow {
  id: string;
  kind: "export" | "erase";
  subjectId: string;
  status: "completed" | "failed";
  requestedBy: string;
  requestedAt: string;
  completedAt: string | null;
  result: Record<string, unknown>;
  error: string | null;
}

export interface SubjectRequestsProps {
  locale: Locale;
  timeZone: string;
  subjectId: string;
  requests: SubjectRequestRow[];
  /** Names of the district's people by actor ("user:<id>"). */
  names: Record<string, string>;
}

const REQUESTS = "/api/v1/privacy/subject-requests";

/** Dispatched on window after an erasure, with the subject id as detail. */
export const SUBJECT_ERASED = "district:subject-erased";

/** Saves a response body as a file, named as its Content-Disposition says. */
async function saveResponse(res: Response, fallbackName: string): Promise<string> {
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

async function problemOf(res: Response): Promise<Problem> {
  const body = await res.json().catch(() => ({}));
  return {
    status: res.status,
    detail: typeof body.detail === "string" ? body.detail : undefined,
    errors: Array.isArray(body.errors) ? body.errors : undefined,
  };
}

export function SubjectRequests(
  { locale, timeZone, subjectId, requests: initial, names }: SubjectRequestsProps,
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [requests, setRequests] = useState(initial);
  const [busy, setBusy] = useState<"" | "export" | "erase">("");
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");

  const reload = async () => {
    const list = await callApi<{ items: SubjectRequestRow[] }>(
      "GET",
      `${REQUESTS}?subjectId=${encodeURIComponent(subjectId)}`,
    );
    if (list.ok) setRequests(list.data.items);
  };

  const exportData = async () => {
    setBusy("export");
    setProblem(undefined);
    setDone(undefined);
    try {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      const csrf = csrfToken();
      if (csrf) headers["x-csrf-token"] = csrf;
      const res = await fetch(`${REQUESTS}?download=1`, {
        method: "POST",
        headers,
        body: JSON.stringify({ kind: "export", subjectId }),
        credentials: "same-origin",
      });
      if (res.ok) setDone(t("privacy.subject.exported", { file: await saveResponse(res, "subject-export.json") }));
      else setProblem(await problemOf(res));
    } catch {
      setProblem({ status: 0 });
    }
    setBusy("");
    await reload();
  };

  const erase = async () => {
    setBusy("erase");
    setProblem(undefined);
    setDone(undefined);
    const answer = await callApi<{ affected: number }>("POST", REQUESTS, { kind: "erase", subjectId });
    setBusy("");
    setConfirming(false);
    setTyped("");
    if (answer.ok) setDone(t("privacy.subject.erased", { count: answer.data.affected }));
    else setProblem(answer.problem);
    await reload();
    // The consents shown beside this island are gone too; it reloads them.
    if (answer.ok) dispatchEvent(new CustomEvent(SUBJECT_ERASED, { detail: subjectId }));
  };

  return (
    <section class="panel stack" aria-labelledby="subject-requests-title">
      <h2 id="subject-requests-title">{t("privacy.subject.requestsTitle")}</h2>
      <p class="hint">{t("privacy.subject.requestsHint")}</p>
      <FormError message={formError(problem, [], t)} />
      {done ? <p class="notice success" role="status">{done}</p> : null}
      <div class="actions">
        <button type="button" class="primary" disabled={!hydrated || busy !== ""} onClick={exportData}>
          {busy === "export" ? t("privacy.subject.exporting") : t("privacy.subject.export")}
        </button>
        {confirming ? null : (
          <button
            type="button"
            class="danger"
            disabled={!hydrated || busy !== ""}
            onClick={() => setConfirming(true)}
          >
            {t("privacy.subject.erase")}
          </button>
        )}
      </div>
      {confirming
        ? (
          <div class="confirm notice" role="group" aria-labelledby="erase-confirm-text">
            <p id="erase-confirm-text">{t("privacy.subject.eraseWarning", { subject: subjectId })}</p>
            <div class="field">
              <label for="erase-confirm">{t("privacy.subject.eraseType")}</label>
              <input
                id="erase-confirm"
                type="text"
                autoComplete="off"
                spellcheck={false}
                value={typed}
                onInput={(event) => setTyped(event.currentTarget.value)}
              />
            </div>
            <div class="actions">
              <button type="button" class="danger" disabled={typed !== subjectId || busy !== ""} onClick={erase}>
                {busy === "erase" ? t("privacy.subject.erasing") : t("privacy.subject.eraseConfirm")}
              </button>
              <button type="button" onClick={() => (setConfirming(false), setTyped(""))}>{t("common.cancel")}</button>
            </div>
          </div>
        )
        : null}

      <h3>{t("privacy.subject.history")}</h3>
      {requests.length
        ? (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("privacy.subject.requestedAt")}</th>
                <th scope="col">{t("privacy.subject.kind")}</th>
                <th scope="col">{t("privacy.subject.status")}</th>
                <th scope="col">{t("privacy.subject.requestedBy")}</th>
                <th scope="col">{t("privacy.subject.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {[...requests].reverse().map((request) => (
                <tr key={request.id}>
                  <td data-label={t("privacy.subject.requestedAt")}>
                    {formatInZone(locale, request.requestedAt, timeZone, { seconds: true })}
                  </td>
                  <td data-label={t("privacy.subject.kind")}>
                    {request.kind === "erase" ? t("privacy.subject.kindErase") : t("privacy.subject.kindExport")}
                  </td>
                  <td data-label={t("privacy.subject.status")}>
                    {request.status === "completed"
                      ? <span class="badge ok">{t("privacy.subject.completed")}</span>
                      : <span class="badge status-rejected">{t("privacy.subject.failed")}</span>}
                  </td>
                  <td data-label={t("privacy.subject.requestedBy")}>
                    {names[request.requestedBy] ?? <code>{request.requestedBy}</code>}
                  </td>
                  <td data-label={t("privacy.subject.outcome")}>
                    {request.error
                      ? request.error
                      : typeof request.result.affected === "number"
                      ? t("privacy.subject.affected", { count: request.result.affected })
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : <p class="empty">{t("privacy.subject.noRequests")}</p>}
    </section>
  );
}
