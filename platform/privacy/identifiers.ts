/**
 * One entry point for checking and normalising personal information: `validate(type, raw)` for code, and
 * `piiSchema(type)` for API schemas, both giving the same messages. The normalised value is what gets encrypted,
 * blind-indexed and compared, so two spellings of one number (+86 138-0013-8000, 13800138000) become one value.
 */
import { z } from "zod";
import { validateAddress } from "./identifiers/address.ts";
import { validateBankCard } from "./identifiers/bank-card.ts";
import { validateBirthDate } from "./identifiers/birth-date.ts";
import { validateCreditCode } from "./identifiers/credit-code.ts";
import { validateEmail } from "./identifiers/email.ts";
import { validateIdNumber } from "./identifiers/id-number.ts";
import { validatePersonName } from "./identifiers/person-name.ts";
import { validatePhone } from "./identifiers/phone.ts";
import { validatePlate } from "./identifiers/plate.ts";
import { invalid, PII_LABELS, type PiiType, type ValidationResult } from "./pii-types.ts";

export { PII_LABELS, PII_TYPES, type PiiType, type ValidationResult } from "./pii-types.ts";
export { validateAddress, validateBankCard, validateBirthDate, validateCreditCode, validateEmail };
export { validateIdNumber, validatePersonName, validatePhone, validatePlate };

const VALIDATORS: Record<PiiType, (raw: string) => ValidationResult> = {
  phone: validatePhone,
  idNumber: (raw) => validateIdNumber(raw),
  creditCode: validateCreditCode,
  plate: validatePlate,
  name: validatePersonName,
  bankCard: validateBankCard,
  email: validateEmail,
  address: validateAddress,
  birthDate: (raw) => validateBirthDate(raw),
};

export function validate(type: PiiType, raw: unknown): ValidationResult {
  const validator = VALIDATORS[type];
  if (!validator) throw new TypeError(`unknown personal information type ${JSON.stringify(type)}`);
  if (typeof raw !== "string") return invalid(`${PII_LABELS[type].en} must be text`);
  return validator(raw);
}

/** Thrown where a caller hands over a value that should already have been validated. */
export class PiiValidationError extends Error {
  constructor(readonly type: PiiType, message: string) {
    super(message);
    this.name = "PiiValidationError";
  }
}

/** The normalised value, or a PiiValidationError with the validator's message. */
export function normalise(type: PiiType, raw: unknown): string {
  const result = validate(type, raw);
  if (!result.ok) throw new PiiValidationError(type, result.message);
  return result.value;
}

function buildSchema(type: PiiType) {
  return z.string({ error: `${PII_LABELS[type].en} must be text` })
    .check((ctx) => {
      const result = validate(type, ctx.value);
      if (!result.ok) ctx.issues.push({ code: "custom", message: result.message, input: ctx.value });
    })
    // overwrite keeps the schema a plain string (describable in OpenAPI) while handing on the normal form.
    .overwrite((value) => {
      const result = validate(type, value);
      return result.ok ? result.value : value;
    })
    .describe(`${PII_LABELS[type].zh} / ${PII_LABELS[type].en}`);
}

const schemas = new Map<PiiType, ReturnType<typeof buildSchema>>();

/** A zod schema that accepts what `validate` accepts and outputs the normalised value. */
export function piiSchema(type: PiiType): ReturnType<typeof buildSchema> {
  let schema = schemas.get(type);
  if (!schema) {
    if (!VALIDATORS[type]) throw new TypeError(`unknown personal information type ${JSON.stringify(type)}`);
    schema = buildSchema(type);
    schemas.set(type, schema);
  }
  return schema;
}
