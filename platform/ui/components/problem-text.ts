/**
 * Problems as text for people: field errors go beside their fields (the API names them), everything else becomes
 * one message in the page's language chosen by status. The API's own wording is English; for the statuses a
 * form expects, a translated sentence is shown instead.
 */
import type { Problem } from "../client/api.ts";
import type { Translate } from "../i18n/translate.ts";

export function fieldErrors(problem: Problem | undefined, fields: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const field = fields.find((name) => error.field === name || error.field.startsWith(`${name}.`));
    if (field && !found[field]) found[field] = error.message;
  }
  return found;
}

/** The message above the form: for problems not tied to a field the form shows. */
export function formError(problem: Problem | undefined, fields: readonly string[], t: Translate): string | undefined {
  if (!problem) return undefined;
  const unplaced = (problem.errors ?? []).filter((e) =>
    !fields.some((f) => e.field === f || e.field.startsWith(`${f}.`))
  );
  if (problem.errors?.length && !unplaced.length) return t("error.checkFields");
  switch (problem.status) {
    case 0:
      return t("error.network");
    case 401:
      return t("error.401");
    case 403:
      return problem.detail && /CSRF/.test(problem.detail) ? t("error.csrf") : t("error.403");
    case 404:
      return t("error.404");
    case 409:
      return unplaced[0]?.message ?? problem.detail ?? t("error.409");
    case 429:
      return t("error.429", { minutes: Math.max(1, Math.ceil((problem.retryAfter ?? 60) / 60)) });
    case 422:
      return unplaced.map((e) => `${e.field}: ${e.message}`).join("; ") || problem.detail || t("error.checkFields");
    default:
      return problem.status >= 500 ? t("error.server") : (problem.detail ?? t("error.server"));
  }
}
