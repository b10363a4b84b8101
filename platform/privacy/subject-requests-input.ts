/** What a data-subject request carries, checked once before any handler runs. */
import type { TenantTx } from "../db/tenant.ts";
import type { FieldCipher } from "./encryption/field-cipher.ts";
import type { DataSubject, SubjectRightsRegistry, SubjectRightsTools } from "./subject-requests-registry.ts";

export interface SubjectRequestInput {
  subject: DataSubject;
  /** Who asked, as the audit log names actors: "user:<id>" (staff on the subject's behalf), "member:<id>" … */
  requestedBy: string;
  /** Defaults to the platform's registry. */
  registry?: SubjectRightsRegistry;
  /** The districts' keys, for handlers that find data by a proven identifier; without them they cannot. */
  keys?: { fieldCipher(tx: TenantTx): Promise<FieldCipher> };
}

/** The tools handed to every handler of one request. */
export function toolsOf(input: SubjectRequestInput, tx: TenantTx): SubjectRightsTools {
  const keys = input.keys;
  let cipher: Promise<FieldCipher> | undefined;
  return {
    cipher: () =>
      keys
        ? cipher ??= keys.fieldCipher(tx)
        : Promise.reject(new Error("this data-subject request was made without the district's keys")),
  };
}

export function checkSubjectRequestInput(input: SubjectRequestInput): void {
  const id = input.subject?.id;
  if (typeof id !== "string" || id.length === 0 || id.length > 200) {
    throw new TypeError("a data-subject request needs a subject id of 1–200 characters");
  }
  if (typeof input.requestedBy !== "string" || !input.requestedBy.trim()) {
    throw new TypeError("a data-subject request needs requestedBy");
  }
  for (const [kind, value] of Object.entries(input.subject.identifiers ?? {})) {
    if (typeof value !== "string") throw new TypeError(`subject identifier "${kind}" must be a string`);
  }
}

/** Names of the identifiers given, for the log: which kinds were used, never their values. */
export function identifierKinds(subject: DataSubject): string[] {
  return Object.keys(subject.identifiers ?? {}).sort();
}
