/**
 * A person's consents: the current decision per purpose, every decision so far, and a form to record a grant or a
 * withdrawal the person gave (a signed form at the service desk, a phone call) for one of the known purposes.
 */
import { useEffect, useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError, SelectField, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import { formatInZone } from "../components/zoned-time.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, type MessageKey, translator } from "../i18n/translate.ts";
import { SUBJECT_ERASED } from "./subject-requests.tsx";

export interface ConsentStateRow {
  purpose: string;
  granted: boolean;
  since: string;
  policyVersion: string;
  channel: string;
}

export interface ConsentEventRow {
  id: string;
  purpose: string;
  decision: "granted" | "withdrawn";
  decidedAt: string;
  channel: string;
  source: string | null;
  policyVersion: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ConsentManagerProps {
  locale: Locale;
  timeZone: string;
  subjectId: string;
  current: ConsentStateRow[];
  history: ConsentEventRow[];
  /** The registered purposes (the core's and enabled plugins'). */
  purposes: { id: string; name: Bilingual }[];
  /** Names of the district's people by actor ("user:<id>"). */
  names: Record<string, string>;
}

const FIELDS = ["purpose", "granted", "channel", "policyVersion"] as const;
const CHANNELS: Record<string, MessageKey> = {
  counter: "privacy.consent.channel.counter",
  paper: "privacy.consent.channel.paper",
  phone: "privacy.consent.channel.phone",
  online: "privacy.consent.channel.online",
};

export function ConsentManager(
  { locale, timeZone, subjectId, current: initialCurrent, history: initialHistory, purposes, names }:
    ConsentManagerProps,
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [current, setCurrent] = useState(initialCurrent);
  const [history, setHistory] = useState(initialHistory);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState<string>();
  const path = `/api/v1/privacy/subjects/${encodeURIComponent(subjectId)}/consents`;
  const purposeName = (id: string) => {
    const purpose = purposes.find((p) => p.id === id);
    return purpose ? bilingual(locale, purpose.name) : id;
  };
  const channelName = (channel: string) => CHANNELS[channel] ? t(CHANNELS[channel]) : channel;
  const time = (iso: string) => formatInZone(locale, iso, timeZone);

  useEffect(() => {
    const reload = async () => {
      const answer = await callApi<{ current: ConsentStateRow[]; history: ConsentEventRow[] }>("GET", path);
      if (answer.ok) {
        setCurrent(answer.data.current);
        setHistory(answer.data.history);
      }
    };
    addEventListener(SUBJECT_ERASED, reload);
    return () => removeEventListener(SUBJECT_ERASED, reload);
  }, [path]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    const granted = form.get("granted") === "true";
    const answer = await callApi<{ event: ConsentEventRow; current: ConsentStateRow[] }>("POST", path, {
      purpose: String(form.get("purpose") ?? ""),
      granted,
      channel: String(form.get("channel") ?? ""),
      policyVersion: String(form.get("policyVersion") ?? "").trim(),
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.problem);
      return;
    }
    setCurrent(answer.data.current);
    setHistory([...history, answer.data.event]);
    setSaved(
      t(granted ? "privacy.consent.recordedGrant" : "privacy.consent.recordedWithdrawal", {
        purpose: purposeName(answer.data.event.purpose),
      }),
    );
  };

  const errors = fieldErrors(problem, FIELDS);
  return (
    <section class="panel stack" aria-labelledby="consents-title">
      <h2 id="consents-title">{t("privacy.consent.title")}</h2>
      <h3>{t("privacy.consent.current")}</h3>
      {current.length
        ? (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("privacy.consent.purpose")}</th>
                <th scope="col">{t("privacy.consent.state")}</th>
                <th scope="col">{t("privacy.consent.since")}</th>
                <th scope="col">{t("privacy.consent.channel")}</th>
                <th scope="col">{t("privacy.consent.policyVersion")}</th>
              </tr>
            </thead>
            <tbody>
              {current.map((state) => (
                <tr key={state.purpose}>
                  <td data-label={t("privacy.consent.purpose")}>{purposeName(state.purpose)}</td>
                  <td data-label={t("privacy.consent.state")}>
                    {state.granted
                      ? <span class="badge ok">{t("privacy.consent.granted")}</span>
                      : <span class="badge">{t("privacy.consent.withdrawn")}</span>}
                  </td>
                  <td data-label={t("privacy.consent.since")}>{time(state.since)}</td>
                  <td data-label={t("privacy.consent.channel")}>{channelName(state.channel)}</td>
                  <td data-label={t("privacy.consent.policyVersion")}>{state.policyVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : <p class="empty">{t("privacy.consent.none")}</p>}

      <h3>{t("privacy.consent.history")}</h3>
      {history.length
        ? (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("privacy.consent.decidedAt")}</th>
                <th scope="col">{t("privacy.consent.purpose")}</th>
                <th scope="col">{t("privacy.consent.decision")}</th>
                <th scope="col">{t("privacy.consent.channel")}</th>
                <th scope="col">{t("privacy.consent.policyVersion")}</th>
                <th scope="col">{t("privacy.consent.recordedBy")}</th>
              </tr>
            </thead>
            <tbody>
              {[...history].reverse().map((event) => (
                <tr key={event.id}>
                  <td data-label={t("privacy.consent.decidedAt")}>{time(event.decidedAt)}</td>
                  <td data-label={t("privacy.consent.purpose")}>{purposeName(event.purpose)}</td>
                  <td data-label={t("privacy.consent.decision")}>
                    {event.decision === "granted" ? t("privacy.consent.granted") : t("privacy.consent.withdrawn")}
                  </td>
                  <td data-label={t("privacy.consent.channel")}>{channelName(event.channel)}</td>
                  <td data-label={t("privacy.consent.policyVersion")}>{event.policyVersion}</td>
                  <td data-label={t("privacy.consent.recordedBy")}>
                    {names[event.recordedBy] ?? <code>{event.recordedBy}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : <p class="empty">{t("privacy.consent.noHistory")}</p>}

      <form method="post" class="stack" onSubmit={submit} aria-labelledby="consent-record-title">
        <h3 id="consent-record-title">{t("privacy.consent.recordTitle")}</h3>
        <FormError message={formError(problem, FIELDS, t)} />
        {saved ? <p class="notice success" role="status">{saved}</p> : null}
        <SelectField
          id="consent-purpose"
          name="purpose"
          label={t("privacy.consent.purpose")}
          placeholder={t("privacy.consent.choosePurpose")}
          options={purposes.map((p) => ({ value: p.id, label: bilingual(locale, p.name) }))}
          required
          error={errors.purpose}
        />
        <SelectField
          id="consent-decision"
          name="granted"
          label={t("privacy.consent.decision")}
          options={[
            { value: "true", label: t("privacy.consent.grant") },
            { value: "false", label: t("privacy.consent.withdraw") },
          ]}
          required
          error={errors.granted}
        />
        <div class="row-2">
          <SelectField
            id="consent-channel"
            name="channel"
            label={t("privacy.consent.channel")}
            options={Object.keys(CHANNELS).map((value) => ({ value, label: channelName(value) }))}
            required
            error={errors.channel}
          />
          <TextField
            id="consent-policy-version"
            name="policyVersion"
            label={t("privacy.consent.policyVersion")}
            hint={t("privacy.consent.policyVersionHint")}
            autoComplete="off"
            maxLength={64}
            required
            error={errors.policyVersion}
          />
        </div>
        <button type="submit" class="primary" disabled={!hydrated || busy}>{t("privacy.consent.record")}</button>
      </form>
    </section>
  );
}
