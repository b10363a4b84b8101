/**
 * Labelled form fields with their error beside them. Every input has a <label>, errors are tied to the input
 * with aria-describedby and aria-invalid, and inputs are uncontrolled (the form reads them with FormData), so
 * what someone types before the island hydrates is kept.
 */
import type { ComponentChildren, InputHTMLAttributes } from "preact";

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ComponentChildren;
}

export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

function FieldFrame({ id, label, error, hint, required, children }: FieldFrameProps) {
  return (
    <div class={error ? "field has-error" : "field"}>
      {
        /* The star sits outside the label so the field's accessible name is the label alone ("required" is
          announced from the attribute). */
      }
      <div class="label-row">
        <label for={id}>{label}</label>
        {required ? <span class="required" aria-hidden="true">*</span> : null}
      </div>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  type?: "text" | "password" | "number" | "tel" | "email";
  required?: boolean;
  defaultValue?: string;
  autoComplete?: string;
  autoCapitalize?: "none" | "characters";
  spellcheck?: boolean;
  inputMode?: "text" | "numeric" | "decimal" | "tel" | "email";
  maxLength?: number;
  min?: string;
  step?: string;
}

export function TextField({ id, label, error, hint, required, type, ...input }: TextFieldProps) {
  // Preact types <input> as a union discriminated by `type`; this one component serves several types.
  const attributes = {
    id,
    type: type ?? "text",
    required,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": describedBy(id, error, hint),
    ...input,
  } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={Boolean(required)}>
      <input {...attributes} />
    </FieldFrame>
  );
}

export function SelectField(
  props: {
    id: string;
    name: string;
    label: string;
    options: { value: string; label: string }[];
    error?: string;
    hint?: string;
    required?: boolean;
    placeholder?: string;
    value?: string;
    onChange?: (value: string) => void;
  },
) {
  const { id, label, error, hint, required, options, placeholder, onChange } = props;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      <select
        id={id}
        name={props.name}
        required={required}
        value={props.value}
        onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, error, hint)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </FieldFrame>
  );
}

/** The message above a form; role=alert so screen readers announce it when it appears. */
export function FormError({ message }: { message?: string }) {
  return message ? <p class="form-error" role="alert">{message}</p> : null;
}
