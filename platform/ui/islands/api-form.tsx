/**
 * A form that posts JSON to one API address: the generic island plugin pages use, so a plugin ships no browser
 * code of its own (its page is server-rendered and describes the form as data). Fields are text (one line or
 * several), number, date and time, a choice (a select, or big buttons for consumers' pages) and a checkbox.
 * Field errors of a 422 answer appear beside their fields; other answers above the form, as the page's own
 * message for that status or the console's. After success the form gives way to a message (a consumer's
 * thank-you) or the page reloads (to show what was added).
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { describedBy, FormError, SelectField, TextField } from "../components/fields.tsx";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";

interface FieldBase {
  /** The property of the JSON body, and the `field` of the API's errors about it. */
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export type ApiFormField =
  | FieldBase & { kind: "text"; multiline?: boolean; maxLength?: number; value?: string }
  | FieldBase & { kind: "number"; value?: number }
  /** Sent as an ISO 8601 time with the browser's offset. */
  | FieldBase & { kind: "datetime" }
  | FieldBase & {
    kind: "choice";
    options: { value: string | number; label: string }[];
    /** "buttons": one large button per option (consumers on phones); "select": a drop-down. */
    look?: "buttons" | "select";
    /** The select's empty first option (which sends nothing). */
    placeholder?: string;
  }
  | FieldBase & { kind: "checkbox"; value?: boolean };

export interface ApiFormProps {
  locale: Locale;
  /** Prefix of the form's element ids; unique on the page. */
  id: string;
  /** Where the form sends its JSON: an address of this site's API, "/api/…". */
  action: string;
  /** POST unless said otherwise: PATCH to change a resource, PUT to replace it, DELETE to remove it. */
  method?: "POST" | "PATCH" | "PUT" | "DELETE";
  fields: ApiFormField[];
  submitLabel: string;
  /** After success: this message in place of the form, or reload the page. */
  done: { message: string } | { reload: true };
  /** The page's own message for an answer's status ("409": "this survey has ended"). */
  messages?: Record<string, string>;
}

function bodyOf(form: FormData, fields: readonly ApiFormField[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === "checkbox") {
      body[field.name] = form.get(field.name) !== null;
      continue;
    }
    const text = String(form.get(field.name) ?? "").trim();
    if (text === "") continue;
    if (field.kind === "number") body[field.name] = Number(text);
    else if (field.kind === "datetime") {
      const time = new Date(text);
      body[field.name] = Number.isNaN(time.getTime()) ? text : time.toISOString();
    } else if (field.kind === "choice") {
      body[field.name] = field.options.find((option) => String(option.value) === text)?.value ?? text;
    } else body[field.name] = text;
  }
  return body;
}

function ChoiceButtons(
  { id, field, error }: { id: string; field: Extract<ApiFormField, { kind: "choice" }>; error?: string },
) {
  return (
    <fieldset
      class={error ? "field choice-buttons has-error" : "field choice-buttons"}
      aria-describedby={describedBy(id, error, field.hint)}
    >
      <legend>
        {field.label}
        {field.required ? <span class="required" aria-hidden="true">*</span> : null}
      </legend>
      {field.hint ? <p class="hint" id={`${id}-hint`}>{field.hint}</p> : null}
      <div class="choices">
        {field.options.map((option) => (
          <label class="choice" key={String(option.value)}>
            <input type="radio" name={field.name} value={String(option.value)} required={field.required} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </fieldset>
  );
}

function Field({ formId, field, error }: { formId: string; field: ApiFormField; error?: string }) {
  const id = `${formId}-${field.name}`;
  switch (field.kind) {
    case "text":
      if (!field.multiline) {
        return (
          <TextField
            id={id}
            name={field.name}
            label={field.label}
            hint={field.hint}
            required={field.required}
            maxLength={field.maxLength}
            defaultValue={field.value}
            autoComplete="off"
            error={error}
          />
        );
      }
      return (
        <div class={error ? "field has-error" : "field"}>
          <div class="label-row">
            <label for={id}>{field.label}</label>
            {field.required ? <span class="required" aria-hidden="true">*</span> : null}
          </div>
          {field.hint ? <p class="hint" id={`${id}-hint`}>{field.hint}</p> : null}
          <textarea
            id={id}
            name={field.name}
            rows={3}
            required={field.required}
            maxLength={field.maxLength}
            defaultValue={field.value}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={describedBy(id, error, field.hint)}
          />
          {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
        </div>
      );
    case "number":
      return (
        <TextField
          id={id}
          name={field.name}
          label={field.label}
          hint={field.hint}
          type="number"
          step="any"
          inputMode="decimal"
          required={field.required}
          defaultValue={field.value === undefined ? undefined : String(field.value)}
          error={error}
        />
      );
    case "datetime":
      return (
        <div class={error ? "field has-error" : "field"}>
          <div class="label-row">
            <label for={id}>{field.label}</label>
            {field.required ? <span class="required" aria-hidden="true">*</span> : null}
          </div>
          {field.hint ? <p class="hint" id={`${id}-hint`}>{field.hint}</p> : null}
          <input
            id={id}
            name={field.name}
            type="datetime-local"
            required={field.required}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={describedBy(id, error, field.hint)}
          />
          {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
        </div>
      );
    case "choice":
      if (field.look === "buttons") return <ChoiceButtons id={id} field={field} error={error} />;
      return (
        <SelectField
          id={id}
          name={field.name}
          label={field.label}
          hint={field.hint}
          required={field.required}
          placeholder={field.placeholder}
          options={field.options.map((option) => ({ value: String(option.value), label: option.label }))}
          error={error}
        />
      );
    case "checkbox":
      return (
        <div class={error ? "field has-error" : "field"}>
          <label class="check">
            <input
              id={id}
              type="checkbox"
              name={field.name}
              defaultChecked={field.value}
              aria-describedby={describedBy(id, error, field.hint)}
            />{" "}
            {field.label}
          </label>
          {field.hint ? <p class="hint" id={`${id}-hint`}>{field.hint}</p> : null}
          {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
        </div>
      );
  }
}

export function ApiForm({ locale, id, action, method = "POST", fields, submitLabel, done, messages }: ApiFormProps) {
  if (!action.startsWith("/api/")) throw new Error(`ApiForm posts to this site's API only, not to ${action}`);
  const t = translator(locale);
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [finished, setFinished] = useState(false);
  const names = fields.map((field) => field.name);

  const submit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    setBusy(true);
    setProblem(undefined);
    const answer = await callApi(method, action, bodyOf(new FormData(formElement), fields));
    if (!answer.ok) {
      setBusy(false);
      setProblem(answer.problem);
      return;
    }
    if ("reload" in done) {
      location.reload();
      return;
    }
    setBusy(false);
    setFinished(true);
  };

  if (finished && "message" in done) {
    return (
      <div class="notice success done" role="status">
        <p>{done.message}</p>
      </div>
    );
  }
  const errors = fieldErrors(problem, names);
  const ownMessage = problem && !problem.errors?.length ? messages?.[String(problem.status)] : undefined;
  return (
    <form method="post" class="stack" onSubmit={submit}>
      <FormError message={ownMessage ?? formError(problem, names, t)} />
      {fields.map((field) => <Field key={field.name} formId={id} field={field} error={errors[field.name]} />)}
      <button type="submit" class="primary" disabled={!hydrated || busy}>{submitLabel}</button>
    </form>
  );
}
