/**
 * Switching one plugin on and off for the district (holders of plugins:manage): enabling opens its settings form,
 * generated from the plugin's settings schema and the district's current settings (or the defaults); disabling
 * asks for confirmation first. Refusals (409: not in the plan, a required plugin is off, another plugin needs
 * this one) are shown as the API words them; invalid settings (422) beside their fields. After a change the
 * page reloads with a notice, so the navigation and the audit list show it.
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError, SelectField, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type Bilingual, bilingual, translator } from "../i18n/translate.ts";

export interface PluginSwitchProps {
  locale: Locale;
  id: string;
  name: Bilingual;
  enabled: boolean;
  /** The district's settings; null when it never enabled the plugin. */
  config: unknown;
  /** JSON Schema (input side) of the plugin's settings; null when it has none. */
  configSchema: unknown;
}

type Setting =
  | { key: string; kind: "number" | "integer" | "string" | "json"; label: string; hint?: string; value: unknown }
  | { key: string; kind: "boolean"; label: string; hint?: string; value: unknown }
  | { key: string; kind: "enum"; label: string; hint?: string; value: unknown; options: string[] };

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  title?: string;
  description?: string;
  /** A plugin's `.meta({ label: { zh, en } })`. */
  label?: Bilingual;
  properties?: Record<string, SchemaNode>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The form's fields: one per top-level setting, or undefined when the schema is not a plain object of them. */
function settingsOf(locale: Locale, schema: unknown, config: unknown): Setting[] | undefined {
  if (!isRecord(schema)) return undefined;
  const root = schema as SchemaNode;
  if (root.type !== "object" || !isRecord(root.properties)) return undefined;
  const current = isRecord(config) ? config : {};
  return Object.entries(root.properties).map(([key, node]): Setting => {
    const label = node.label ? bilingual(locale, node.label) : node.title ?? key;
    const range = node.minimum !== undefined && node.maximum !== undefined
      ? `${node.minimum}–${node.maximum}`
      : undefined;
    const hint = [node.description, range].filter(Boolean).join(" · ") || undefined;
    const value = key in current ? current[key] : node.default;
    if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === "string")) {
      return { key, kind: "enum", label, hint, value, options: node.enum as string[] };
    }
    const type = Array.isArray(node.type) ? undefined : node.type;
    if (type === "number" || type === "integer" || type === "string" || type === "boolean") {
      return { key, kind: type, label, hint, value };
    }
    return { key, kind: "json", label, hint, value };
  });
}

export function PluginSwitch({ locale, id, name, enabled, config, configSchema }: PluginSwitchProps) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [mode, setMode] = useState<"idle" | "settings" | "confirm">("idle");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const settings = configSchema === null ? [] : settingsOf(locale, configSchema, config);
  const title = bilingual(locale, name);
  const fieldNames = settings ? settings.map((s) => `config.${s.key}`) : ["config"];

  const done = (change: "enabled" | "configured" | "disabled") => {
    location.assign(`/console/plugins?${change}=${encodeURIComponent(id)}#plugin-${id}`);
  };

  const enable = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const badJson: Record<string, string> = {};
    const parseJson = (field: string, text: string) => {
      try {
        return JSON.parse(text);
      } catch {
        badJson[field] = t("plugins.notJson");
        return undefined;
      }
    };
    let body: { config?: unknown } = {};
    if (settings === undefined) body = { config: parseJson("config", String(form.get("config") ?? "{}")) };
    else if (settings.length) {
      const values: Record<string, unknown> = {};
      for (const setting of settings) {
        const raw = String(form.get(setting.key) ?? "").trim();
        if (setting.kind === "boolean") values[setting.key] = form.get(setting.key) !== null;
        else if (raw === "") continue;
        else if (setting.kind === "number" || setting.kind === "integer") values[setting.key] = Number(raw);
        else if (setting.kind === "json") values[setting.key] = parseJson(`config.${setting.key}`, raw);
        else values[setting.key] = raw;
      }
      body = { config: values };
    }
    setJsonErrors(badJson);
    if (Object.keys(badJson).length) return;
    setBusy(true);
    setProblem(undefined);
    const answer = await callApi("POST", `/api/v1/district/plugins/${id}/enable`, body);
    setBusy(false);
    if (answer.ok) done(enabled ? "configured" : "enabled");
    else setProblem(answer.problem);
  };

  const disable = async () => {
    setBusy(true);
    setProblem(undefined);
    const answer = await callApi("POST", `/api/v1/district/plugins/${id}/disable`);
    setBusy(false);
    if (answer.ok) done("disabled");
    else {
      setProblem(answer.problem);
      setMode("idle");
    }
  };

  const errors = { ...fieldErrors(problem, fieldNames), ...jsonErrors };
  const refused = problem?.status === 409
    ? t("plugins.refused", { reason: problem.errors?.[0]?.message ?? problem.detail ?? t("error.409") })
    : formError(problem, fieldNames, t);

  if (mode === "confirm") {
    return (
      <div class="confirm" role="group" aria-label={t("plugins.confirmDisable", { name: title })}>
        <p>{t("plugins.confirmDisable", { name: title })}</p>
        <button type="button" class="danger" disabled={busy} onClick={disable}>{t("plugins.disableConfirm")}</button>
        <button type="button" onClick={() => setMode("idle")}>{t("common.cancel")}</button>
      </div>
    );
  }

  if (mode === "settings") {
    return (
      <form
        method="post"
        class="stack plugin-settings"
        onSubmit={enable}
        aria-label={t("plugins.settingsOf", { name: title })}
      >
        <FormError message={refused} />
        {settings === undefined
          ? (
            <div class={errors.config ? "field has-error" : "field"}>
              <label for={`plugin-${id}-config`}>{t("plugins.settingsJson")}</label>
              <textarea
                id={`plugin-${id}-config`}
                name="config"
                rows={6}
                class="code"
                spellcheck={false}
                defaultValue={JSON.stringify(config ?? {}, null, 2)}
                aria-invalid={errors.config ? "true" : undefined}
                aria-describedby={errors.config ? `plugin-${id}-config-error` : undefined}
              />
              {errors.config ? <p class="field-error" id={`plugin-${id}-config-error`}>{errors.config}</p> : null}
            </div>
          )
          : settings.map((setting) => {
            const fieldId = `plugin-${id}-${setting.key}`;
            const error = errors[`config.${setting.key}`];
            if (setting.kind === "boolean") {
              return (
                <div class="field" key={setting.key}>
                  <label class="check">
                    <input type="checkbox" id={fieldId} name={setting.key} defaultChecked={setting.value === true} />
                    {" "}
                    {setting.label}
                  </label>
                  {setting.hint ? <p class="hint">{setting.hint}</p> : null}
                  {error ? <p class="field-error">{error}</p> : null}
                </div>
              );
            }
            if (setting.kind === "enum") {
              return (
                <SelectField
                  key={setting.key}
                  id={fieldId}
                  name={setting.key}
                  label={setting.label}
                  hint={setting.hint}
                  value={typeof setting.value === "string" ? setting.value : undefined}
                  options={setting.options.map((o) => ({ value: o, label: o }))}
                  error={error}
                />
              );
            }
            if (setting.kind === "json") {
              return (
                <div class={error ? "field has-error" : "field"} key={setting.key}>
                  <label for={fieldId}>{setting.label}</label>
                  {setting.hint ? <p class="hint">{setting.hint}</p> : null}
                  <textarea
                    id={fieldId}
                    name={setting.key}
                    rows={3}
                    class="code"
                    spellcheck={false}
                    defaultValue={setting.value === undefined ? "" : JSON.stringify(setting.value)}
                    aria-invalid={error ? "true" : undefined}
                    aria-describedby={error ? `${fieldId}-error` : undefined}
                  />
                  {error ? <p class="field-error" id={`${fieldId}-error`}>{error}</p> : null}
                </div>
              );
            }
            const numeric = setting.kind === "number" || setting.kind === "integer";
            return (
              <TextField
                key={setting.key}
                id={fieldId}
                name={setting.key}
                label={setting.label}
                hint={setting.hint}
                type={numeric ? "number" : "text"}
                step={numeric ? "any" : undefined}
                inputMode={numeric ? "decimal" : undefined}
                defaultValue={setting.value === undefined || setting.value === null ? "" : String(setting.value)}
                error={error}
              />
            );
          })}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {enabled ? t("plugins.saveSettings") : t("plugins.enableConfirm")}
          </button>
          <button type="button" onClick={() => setMode("idle")}>{t("common.cancel")}</button>
        </div>
      </form>
    );
  }

  const hasSettings = settings === undefined || settings.length > 0;
  return (
    <div class="stack">
      <FormError message={refused} />
      <div class="actions">
        {enabled
          ? (
            <>
              {hasSettings
                ? (
                  <button type="button" disabled={!hydrated} onClick={() => setMode("settings")}>
                    {t("plugins.changeSettings")}
                  </button>
                )
                : null}
              <button
                type="button"
                class="danger-outline"
                disabled={!hydrated}
                onClick={() => setMode("confirm")}
                aria-label={`${t("plugins.disable")} ${title}`}
              >
                {t("plugins.disable")}
              </button>
            </>
          )
          : (
            <button
              type="button"
              class="primary"
              disabled={!hydrated}
              onClick={() => setMode("settings")}
              aria-label={`${t("plugins.enable")} ${title}`}
            >
              {t("plugins.enable")}
            </button>
          )}
      </div>
    </div>
  );
}
