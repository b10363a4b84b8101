/**
 * "Verify the chain" on the audit page: asks GET /api/v1/audit/verify and says whether the district's chain is
 * intact, how many entries and signed checkpoints were checked, or where the first broken link is and why.
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError } from "../components/fields.tsx";
import { formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type MessageKey, translator } from "../i18n/translate.ts";

export interface AuditVerification {
  ok: boolean;
  checked: number;
  checkpoints: number;
  signaturesChecked: boolean;
  head: { seq: number; hash: string };
  firstBroken?: { seq: number; reason: string; detail: string };
}

const REASONS: Record<string, MessageKey> = {
  "hash mismatch": "audit.reason.hashMismatch",
  "prev mismatch": "audit.reason.prevMismatch",
  "gap": "audit.reason.gap",
  "checkpoint mismatch": "audit.reason.checkpointMismatch",
};

export function AuditVerify({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification>();
  const [problem, setProblem] = useState<Problem>();

  const verify = async () => {
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    const answer = await callApi<AuditVerification>("GET", "/api/v1/audit/verify");
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setProblem(answer.problem);
  };

  const counts = result && { entries: result.checked, checkpoints: result.checkpoints };
  const broken = result?.firstBroken;
  return (
    <div class="stack">
      <button type="button" class="primary" disabled={!hydrated || busy} onClick={verify}>
        {busy ? t("audit.verifying") : t("audit.verify")}
      </button>
      <FormError message={formError(problem, [], t)} />
      <div role="status" aria-live="polite">
        {result && counts
          ? broken
            ? (
              <div class="form-error audit-verdict" data-broken-seq={broken.seq}>
                <p>
                  <strong>
                    {t("audit.verifyBroken", {
                      seq: broken.seq,
                      reason: REASONS[broken.reason] ? t(REASONS[broken.reason]) : broken.reason,
                    })}
                  </strong>
                </p>
                <p>{t("audit.verifyBefore", counts)}</p>
                <p class="hint">{t("audit.verifyDetail", { detail: broken.detail })}</p>
              </div>
            )
            : (
              <div class="notice success audit-verdict">
                <p>
                  <strong>{t("audit.verifyOk", counts)}</strong>
                </p>
                {result.signaturesChecked ? null : <p>{t("audit.signaturesUnchecked")}</p>}
              </div>
            )
          : null}
      </div>
    </div>
  );
}
