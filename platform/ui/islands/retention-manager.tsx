/**
 * How long the district keeps each kind of data: per data class the default, the minimum (a legal one where it
 * exists) and the district's own period, which can be changed (the API's answer to a period below the minimum
 * shows beside the field) or put back to the default.
 */
import { useState } from "preact/hooks";
import { type ApiResult, callApi, type Problem } from "../client/api.ts";
import { FormError, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, translator } from "../i18n/translate.ts";

export interface RetentionRow {
  dataClass: string;
  name: Bilingual | null;
  action: "delete" | "anonymise";
  days: number;
  storedDays: number | null;
  defaultDays: number;
  minimumDays: number;
}

export interface RetentionManagerProps {
  locale: Locale;
  items: RetentionRow[];
}

const URL_BASE = "/api/v1/privacy/retention";

function RetentionClass(
  { locale, row, onChange }: { locale: Locale; row: RetentionRow; onChange: (row: RetentionRow) => void },
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState<string>();
  const name = row.name ? bilingual(locale, row.name) : row.dataClass;
  const id = `retention-${row.dataClass}`;

  const finish = (answer: ApiResult<RetentionRow>, message: string) => {
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.problem);
      return;
    }
    onChange(answer.data);
    setSaved(message);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = String(form.get("days") ?? "").trim();
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    // Sent as typed (a number when it is one), so the API's own message explains what is wrong.
    const days = text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
    const answer = await callApi<RetentionRow>("PUT", `${URL_BASE}/${row.dataClass}`, { days });
    finish(answer, t("privacy.retention.saved", { days: answer.ok ? answer.data.days : 0 }));
  };

  const reset = async () => {
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    const answer = await callApi<RetentionRow>("DELETE", `${URL_BASE}/${row.dataClass}`);
    finish(answer, t("privacy.retention.resetDone", { days: answer.ok ? answer.data.days : 0 }));
  };

  const errors = fieldErrors(problem, ["days"]);
  return (
    <li class="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {name} <code class="hint">{row.dataClass}</code>
      </h3>
      <dl class="facts">
        <dt>{t("privacy.retention.action")}</dt>
        <dd>{row.action === "anonymise" ? t("privacy.retention.anonymise") : t("privacy.retention.delete")}</dd>
        <dt>{t("privacy.retention.default")}</dt>
        <dd>{t("privacy.retention.daysValue", { days: row.defaultDays })}</dd>
        <dt>{t("privacy.retention.minimum")}</dt>
        <dd>{t("privacy.retention.daysValue", { days: row.minimumDays })}</dd>
        <dt>{t("privacy.retention.setting")}</dt>
        <dd data-testid={`${id}-setting`}>
          {row.storedDays === null
            ? t("privacy.retention.usesDefault")
            : t("privacy.retention.daysValue", { days: row.storedDays })}
        </dd>
        <dt>{t("privacy.retention.inForce")}</dt>
        <dd>
          <strong>{t("privacy.retention.daysValue", { days: row.days })}</strong>
        </dd>
      </dl>
      <form method="post" class="stack" onSubmit={save} noValidate>
        <FormError message={formError(problem, ["days"], t)} />
        {saved ? <p class="notice success" role="status">{saved}</p> : null}
        <TextField
          key={`${row.storedDays}:${row.days}`}
          id={`${id}-days`}
          name="days"
          type="number"
          inputMode="numeric"
          label={t("privacy.retention.daysLabel", { name })}
          hint={t("privacy.retention.daysHint", { minimum: row.minimumDays })}
          defaultValue={String(row.storedDays ?? row.days)}
          step="1"
          required
          error={errors.days}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={!hydrated || busy}>{t("privacy.retention.save")}</button>
          {row.storedDays !== null
            ? (
              <button type="button" disabled={!hydrated || busy} onClick={reset}>
                {t("privacy.retention.reset")}
              </button>
            )
            : null}
        </div>
      </form>
    </li>
  );
}

export function RetentionManager({ locale, items: initial }: RetentionManagerProps) {
  const t = translator(locale);
  const [items, setItems] = useState(initial);
  const replace = (row: RetentionRow) => setItems(items.map((item) => item.dataClass === row.dataClass ? row : item));
  return items.length
    ? (
      <ul class="card-list retention-classes">
        {items.map((row) => <RetentionClass key={row.dataClass} locale={locale} row={row} onChange={replace} />)}
      </ul>
    )
    : <p class="empty">{t("privacy.retention.none")}</p>;
}
