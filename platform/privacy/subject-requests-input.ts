/** What a data-subject request carries, checked once before any handler runs. */
import type { DataSubject, SubjectRightsRegistry } from "./subject-requests-registry.ts";

export interface SubjectRequestInput {
  subject: DataSubject;
  /** Who asked, as the audit log names actors: "user:<id>" (staff on the subject's behalf), "member:<id>" … */
  requestedBy: string;
  /** Defaults to the platform's registry. */
  registry?: SubjectRightsRegistry;
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
