/** Accepting an invitation: choose a password (twice), POST /api/v1/invitations/{token}/accept. */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";

const FIELDS = ["password", "confirm"] as const;

export interface InvitationFormProps {
  locale: Locale;
  token: string;
  login: string;
}

export function InvitationForm({ locale, token, login }: InvitationFormProps) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setProblem({ status: 422, errors: [{ field: "confirm", message: t("invite.mismatch") }] });
      return;
    }
    setBusy(true);
    const answer = await callApi("POST", `/api/v1/invitations/${encodeURIComponent(token)}/accept`, { password });
    setBusy(false);
    if (answer.ok) setDone(true);
    else setProblem(answer.problem);
  };

  if (done) {
    return (
      <div class="notice success" role="status">
        <p>{t("invite.done")}</p>
        <p>
          <a class="button primary" href={`/login?login=${encodeURIComponent(login)}`}>{t("invite.goSignIn")}</a>
        </p>
      </div>
    );
  }
  const errors = fieldErrors(problem, FIELDS);
  return (
    <form method="post" class="stack" onSubmit={submit}>
      <FormError message={formError(problem, FIELDS, t)} />
      {/* Lets password managers store the new password under the right login. */}
      <input type="text" name="username" value={login} autoComplete="username" hidden readOnly />
      <TextField
        id="invite-password"
        name="password"
        type="password"
        label={t("invite.password")}
        hint={t("invite.passwordHint")}
        autoComplete="new-password"
        required
        error={errors.password}
      />
      <TextField
        id="invite-confirm"
        name="confirm"
        type="password"
        label={t("invite.confirm")}
        autoComplete="new-password"
        required
        error={errors.confirm}
      />
      <button type="submit" class="primary" disabled={!hydrated || busy}>{t("invite.submit")}</button>
    </form>
  );
}
