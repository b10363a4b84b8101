/**
 * A store applies to join a district: POST /api/v1/public/districts/{slug}/store-applications. On success the
 * applicant goes to their status page, whose address is the only way to follow the application.
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError, SelectField, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, translator } from "../i18n/translate.ts";

export interface StoreApplicationFormProps {
  locale: Locale;
  districtSlug: string;
  categories: (Bilingual & { id: string })[];
}

const FIELDS = [
  "storeName",
  "creditCode",
  "category",
  "floor",
  "unit",
  "areaM2",
  "staffCount",
  "contactName",
  "contactMobile",
  "ownerLogin",
] as const;

function numberOrNothing(value: FormDataEntryValue | null): number | undefined {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : Number(text);
}

export function StoreApplicationForm({ locale, districtSlug, categories }: StoreApplicationFormProps) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    const answer = await callApi<{ statusToken: string }>(
      "POST",
      `/api/v1/public/districts/${encodeURIComponent(districtSlug)}/store-applications`,
      {
        storeName: text("storeName"),
        creditCode: text("creditCode"),
        category: text("category"),
        floor: text("floor"),
        unit: text("unit"),
        areaM2: numberOrNothing(form.get("areaM2")),
        staffCount: numberOrNothing(form.get("staffCount")),
        contactName: text("contactName"),
        contactMobile: text("contactMobile"),
        ownerLogin: text("ownerLogin"),
      },
    );
    if (answer.ok) {
      location.assign(`/register/status/${encodeURIComponent(answer.data.statusToken)}?new=1`);
      return;
    }
    setBusy(false);
    setProblem(answer.problem);
    // Bring the first error into view on a phone, where the message may be a screen away.
    requestAnimationFrame(() => {
      const invalid = document.querySelector<HTMLElement>("[aria-invalid=true]");
      if (invalid) invalid.focus();
      else document.querySelector(".form-error")?.scrollIntoView({ block: "center" });
    });
  };

  const errors = fieldErrors(problem, FIELDS);
  const field = (name: typeof FIELDS[number]) => ({ id: `apply-${name}`, name, error: errors[name] });
  return (
    <form method="post" class="stack" onSubmit={submit}>
      <FormError message={formError(problem, FIELDS, t)} />
      <fieldset class="group">
        <legend>{t("apply.storeSection")}</legend>
        <TextField {...field("storeName")} label={t("apply.storeName")} maxLength={100} required />
        <TextField
          {...field("creditCode")}
          label={t("apply.creditCode")}
          hint={t("apply.creditCodeHint")}
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={18}
          required
        />
        <SelectField
          {...field("category")}
          label={t("apply.category")}
          placeholder={t("apply.chooseCategory")}
          options={categories.map((c) => ({ value: c.id, label: bilingual(locale, c) }))}
          required
        />
        <div class="row-2">
          <TextField {...field("floor")} label={t("apply.floor")} hint={t("apply.floorHint")} maxLength={20} required />
          <TextField {...field("unit")} label={t("apply.unit")} hint={t("apply.unitHint")} maxLength={20} required />
        </div>
        <div class="row-2">
          <TextField
            {...field("areaM2")}
            type="number"
            inputMode="decimal"
            min="0"
            step="0.01"
            label={t("apply.areaM2")}
            required
          />
          <TextField
            {...field("staffCount")}
            type="number"
            inputMode="numeric"
            min="0"
            step="1"
            label={t("apply.staffCount")}
            required
          />
        </div>
      </fieldset>
      <fieldset class="group">
        <legend>{t("apply.contactSection")}</legend>
        <TextField {...field("contactName")} label={t("apply.contactName")} autoComplete="name" required />
        <TextField
          {...field("contactMobile")}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          label={t("apply.contactMobile")}
          hint={t("apply.contactMobileHint")}
          maxLength={11}
          required
        />
        <TextField
          {...field("ownerLogin")}
          label={t("apply.ownerLogin")}
          hint={t("apply.ownerLoginHint")}
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          required
        />
      </fieldset>
      <p class="hint">{t("apply.privacyNote")}</p>
      <button type="submit" class="primary" disabled={!hydrated || busy}>
        {busy ? t("apply.submitting") : t("apply.submit")}
      </button>
    </form>
  );
}
