/**
 * The district's masking settings: per kind of personal information how much stays visible on screen, with a
 * live preview of sample values masked by the values in the form — using the server's own masking rules
 * (mask-normalised.ts, small and free of zod) — then saved through the API, or put back to the defaults.
 * Only settings that differ from the defaults are sent, so the others keep following the platform's defaults.
 */
import { useState } from "preact/hooks";
import type { PiiType } from "../../privacy/pii-types.ts";
import type { MaskConfig } from "../../privacy/masking/mask-config.ts";
import { maskNormalised } from "../../privacy/masking/mask-normalised.ts";
import { callApi, type Problem } from "../client/api.ts";
import { describedBy, FormError } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import { formatInZone } from "../components/zoned-time.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, type MessageKey, translator } from "../i18n/translate.ts";

export interface MaskSettingsView {
  config: MaskConfig;
  chosen: Record<string, unknown> | null;
  defaults: MaskConfig;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface MaskingSettingsProps {
  locale: Locale;
  timeZone: string;
  settings: MaskSettingsView;
  /** The largest value each number may take ("phone.keepStart" → 3), from the settings' schema. */
  limits: Record<string, number>;
  /** A valid, normalised example of each kind, to preview. */
  samples: { type: PiiType; label: Bilingual; value: string }[];
}

type Group = Exclude<keyof MaskConfig, "maskChar">;
const SPAN_TYPES = ["phone", "idNumber", "creditCode", "plate", "bankCard"] as const;
const ADDRESS_LEVEL_KEYS: Record<MaskConfig["address"]["keepLevel"], MessageKey> = {
  none: "privacy.masking.level.none",
  province: "privacy.masking.level.province",
  city: "privacy.masking.level.city",
  district: "privacy.masking.level.district",
};
const FIELDS = [
  "maskChar",
  ...SPAN_TYPES.flatMap((type) => [`${type}.keepStart`, `${type}.keepEnd`]),
  "name.keepSurname",
  "name.keepEnd",
  "email.keepStart",
  "address.keepLevel",
];

/** The settings that differ from the defaults, as the API stores them. */
export function chosenOf(config: MaskConfig, defaults: MaskConfig): Record<string, unknown> {
  const chosen: Record<string, unknown> = {};
  if (config.maskChar !== defaults.maskChar) chosen.maskChar = config.maskChar;
  for (const group of Object.keys(defaults).filter((key) => key !== "maskChar") as Group[]) {
    const values = config[group] as Record<string, unknown>;
    const standard = defaults[group] as Record<string, unknown>;
    const changed = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== standard[key]));
    if (Object.keys(changed).length) chosen[group] = changed;
  }
  return chosen;
}

function isWhole(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

function NumberSetting(
  props: {
    id: string;
    label: string;
    value: number;
    max: number | undefined;
    error?: string;
    hint?: string;
    onValue: (value: number) => void;
  },
) {
  const { id, label, value, max, error, hint, onValue } = props;
  return (
    <div class={error ? "field has-error" : "field"}>
      <div class="label-row">
        <label for={id}>{label}</label>
      </div>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min="0"
        max={max === undefined ? undefined : String(max)}
        step="1"
        value={Number.isNaN(value) ? "" : String(value)}
        onInput={(event) => {
          const text = event.currentTarget.value.trim();
          onValue(text === "" ? Number.NaN : Number(text));
        }}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function MaskingSettings({ locale, timeZone, settings: initial, limits, samples }: MaskingSettingsProps) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [settings, setSettings] = useState(initial);
  const [form, setForm] = useState<MaskConfig>(initial.config);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState<string>();
  const defaults = settings.defaults;

  const set = <G extends Group>(group: G, key: keyof MaskConfig[G], value: unknown) =>
    setForm({ ...form, [group]: { ...form[group], [key]: value } });

  // What is wrong before saving: a number outside its limits, a mask that is not one character.
  const local: Record<string, string> = {};
  for (const [path, max] of Object.entries(limits)) {
    const [group, key] = path.split(".") as [Group, string];
    const value = (form[group] as Record<string, unknown>)[key];
    if (!isWhole(value) || value < 0 || value > max) local[path] = t("privacy.masking.range", { max });
  }
  if (Array.from(form.maskChar).length !== 1) local.maskChar = t("privacy.masking.oneCharacter");
  const errors = { ...local, ...fieldErrors(problem, FIELDS) };

  const preview = (type: PiiType, value: string): string => {
    if (Object.keys(local).some((path) => path === "maskChar" || path.startsWith(`${type}.`))) return "—";
    return maskNormalised(type, value, form);
  };

  const send = async (chosen: Record<string, unknown>, message: MessageKey) => {
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    const answer = await callApi<MaskSettingsView>("PUT", "/api/v1/privacy/masking", chosen);
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.problem);
      return;
    }
    setSettings(answer.data);
    setForm(answer.data.config);
    setSaved(t(message));
  };

  const save = (event: Event) => {
    event.preventDefault();
    return send(chosenOf(form, defaults), "privacy.masking.saved");
  };

  const number = (group: Group, key: string, label: MessageKey) => {
    const path = `${group}.${key}`;
    return (
      <NumberSetting
        id={`mask-${group}-${key}`}
        label={t(label)}
        value={(form[group] as Record<string, number>)[key]}
        max={limits[path]}
        hint={t("privacy.masking.limitHint", {
          max: limits[path] ?? "—",
          standard: (defaults[group] as Record<string, number>)[key],
        })}
        error={errors[path]}
        onValue={(value) => set(group, key as never, value)}
      />
    );
  };

  return (
    <div class="stack-lg">
      <form method="post" class="stack masking-form" onSubmit={save} noValidate>
        <FormError message={formError(problem, FIELDS, t)} />
        {saved ? <p class="notice success" role="status">{saved}</p> : null}
        <p class="hint">
          {settings.chosen === null || Object.keys(settings.chosen).length === 0
            ? t("privacy.masking.allDefaults")
            : t("privacy.masking.updated", { at: formatInZone(locale, settings.updatedAt, timeZone) })}
        </p>
        <div class={errors.maskChar ? "field has-error" : "field"}>
          <div class="label-row">
            <label for="mask-char">{t("privacy.masking.maskChar")}</label>
          </div>
          <p class="hint" id="mask-char-hint">{t("privacy.masking.maskCharHint")}</p>
          <input
            id="mask-char"
            type="text"
            autoComplete="off"
            maxLength={2}
            value={form.maskChar}
            onInput={(event) => setForm({ ...form, maskChar: event.currentTarget.value })}
            aria-invalid={errors.maskChar ? "true" : undefined}
            aria-describedby={describedBy("mask-char", errors.maskChar, "hint")}
          />
          {errors.maskChar ? <p class="field-error" id="mask-char-error">{errors.maskChar}</p> : null}
        </div>

        {samples.map(({ type, label, value }) => (
          <fieldset class="group" key={type}>
            <legend>{bilingual(locale, label)}</legend>
            {(SPAN_TYPES as readonly string[]).includes(type)
              ? (
                <div class="row-2">
                  {number(type as Group, "keepStart", "privacy.masking.keepStart")}
                  {number(type as Group, "keepEnd", "privacy.masking.keepEnd")}
                </div>
              )
              : type === "name"
              ? (
                <div class="row-2">
                  <label class="check">
                    <input
                      type="checkbox"
                      id="mask-name-keepSurname"
                      checked={form.name.keepSurname}
                      onChange={(event) => set("name", "keepSurname", event.currentTarget.checked)}
                    />{" "}
                    {t("privacy.masking.keepSurname")}
                  </label>
                  {number("name", "keepEnd", "privacy.masking.nameKeepEnd")}
                </div>
              )
              : type === "email"
              ? number("email", "keepStart", "privacy.masking.emailKeepStart")
              : (
                <div class={errors["address.keepLevel"] ? "field has-error" : "field"}>
                  <div class="label-row">
                    <label for="mask-address-keepLevel">{t("privacy.masking.keepLevel")}</label>
                  </div>
                  <select
                    id="mask-address-keepLevel"
                    value={form.address.keepLevel}
                    onChange={(event) => set("address", "keepLevel", event.currentTarget.value)}
                  >
                    {Object.entries(ADDRESS_LEVEL_KEYS).map(([level, key]) => (
                      <option key={level} value={level}>{t(key)}</option>
                    ))}
                  </select>
                  {errors["address.keepLevel"] ? <p class="field-error">{errors["address.keepLevel"]}</p> : null}
                </div>
              )}
            <p class="mask-preview">
              <span class="hint">{t("privacy.masking.example")}</span> <span lang="zh-CN">{value}</span> →{" "}
              <output
                data-preview={type}
                aria-label={t("privacy.masking.previewOf", { type: bilingual(locale, label) })}
              >
                {preview(type, value)}
              </output>
            </p>
          </fieldset>
        ))}

        <div class="actions">
          <button type="submit" class="primary" disabled={!hydrated || busy}>{t("privacy.masking.save")}</button>
          <button type="button" disabled={!hydrated || busy} onClick={() => send({}, "privacy.masking.resetDone")}>
            {t("privacy.masking.reset")}
          </button>
        </div>
      </form>
    </div>
  );
}
