/** Sign-in: posts to POST /api/v1/auth/login, shows wrong-password and lockout (429) answers, then goes on. */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";

const FIELDS = ["login", "password"] as const;

export interface SignInFormProps {
  locale: Locale;
  /** Where to go afterwards; already checked to be a path on this site. */
  next: string;
  login?: string;
}

export function SignInForm({ locale, next, login }: SignInFormProps) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const answer = await callApi("POST", "/api/v1/auth/login", {
      login: String(form.get("login") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (answer.ok) {
      location.assign(next);
      return;
    }
    setBusy(false);
    setProblem(answer.problem);
  };

  const errors = fieldErrors(problem, FIELDS);
  return (
    <form method="post" class="stack" onSubmit={submit} noValidate={false}>
      <FormError message={formError(problem, FIELDS, t)} />
      <TextField
        id="sign-in-login"
        name="login"
        label={t("signIn.login")}
        autoComplete="username"
        autoCapitalize="none"
        spellcheck={false}
        defaultValue={login}
        required
        error={errors.login}
      />
      <TextField
        id="sign-in-password"
        name="password"
        type="password"
        label={t("signIn.password")}
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <button type="submit" class="primary" disabled={!hydrated || busy}>
        {busy ? t("signIn.submitting") : t("signIn.submit")}
      </button>
    </form>
  );
}
