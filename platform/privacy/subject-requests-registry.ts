/**
 * Where every module that holds personal data says how to export and erase one subject's data (PIPL art. 45
 * copy, art. 47 deletion). A data-subject request walks every registered handler, so a plugin that stores
 * personal data and registers no handler is the only way data escapes a request: register one per table group.
 */
import type { TenantTx } from "../db/tenant.ts";

import type { FieldCipher } from "./encryption/field-cipher.ts";

export interface DataSubject {
  /** Opaque subject id, e.g. a member id. */
  id: string;
  /**
   * Other identifiers the requester proved (phone, ID number …) for handlers that find data by them, e.g.
   * through a blind index. Passed to handlers only; never stored or audited.
   */
  identifiers?: Readonly<Record<string, string>>;
}

/** What a handler may use besides the transaction. */
export interface SubjectRightsTools {
  /** The district's field cipher: blind indexes to find data by a proven identifier, decryption for exports. */
  cipher(): Promise<FieldCipher>;
}

export interface SubjectRightsHandler {
  /** Stable id, also the section name in the export: "core.consent", "membership.members". */
  id: string;
  /** Everything held about the subject, as JSON-able data (Dates become ISO strings). */
  export(tx: TenantTx, subject: DataSubject, tools: SubjectRightsTools): Promise<unknown>;
  /** Deletes or anonymises the subject's data; returns how many rows were changed. */
  erase(tx: TenantTx, subject: DataSubject, tools: SubjectRightsTools): Promise<{ affected: number }>;
}

const HANDLER_ID = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

export class SubjectRightsRegistry {
  #handlers = new Map<string, SubjectRightsHandler>();

  register(handler: SubjectRightsHandler): void {
    if (!HANDLER_ID.test(handler.id)) {
      throw new Error(`subject-rights handler id "${handler.id}" must be dotted lower-case, like "membership.members"`);
    }
    if (this.#handlers.has(handler.id)) {
      throw new Error(`subject-rights handler "${handler.id}" is registered twice`);
    }
    this.#handlers.set(handler.id, handler);
  }

  /** In registration order, which is the order handlers run in. */
  list(): SubjectRightsHandler[] {
    return [...this.#handlers.values()];
  }
}

/** A handler failed; the request's transaction rolls back, so no handler's work is kept half-done. */
export class SubjectRightsHandlerError extends Error {
  constructor(readonly handlerId: string, readonly operation: "export" | "erase", cause: unknown) {
    super(`subject-rights handler "${handlerId}" failed to ${operation}`, { cause });
    this.name = "SubjectRightsHandlerError";
  }
}
