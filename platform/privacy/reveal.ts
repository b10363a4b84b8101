/**
 * Showing personal information in clear. Screens show masked values; the clear value is handed out only to a
 * caller whose permissions include `pii:read:<type>`, and only with a stated purpose, and every clear reveal is
 * written to the audit log in the same transaction, so the reveal and its record commit or fail together.
 * Anything short of the exact permission gets the masked value (deny by default).
 */
import type { Transaction } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { DEFAULT_MASK_CONFIG, type MaskConfig, maskValue } from "./masking.ts";
import { isPiiType, type PiiType } from "./pii-types.ts";

export const REVEAL_AUDIT_ACTION = "pii.reveal";

/** The permission that allows seeing one kind of personal information in clear, e.g. `pii:read:phone`. */
export function revealPermission(type: PiiType): `pii:read:${PiiType}` {
  return `pii:read:${type}`;
}

export function canReveal(permissions: ReadonlySet<string> | readonly string[], type: PiiType): boolean {
  const wanted = revealPermission(type);
  return permissions instanceof Set ? permissions.has(wanted) : (permissions as readonly string[]).includes(wanted);
}

export interface RevealRequest {
  type: PiiType;
  /** The clear (decrypted) value. */
  value: string;
  /** The caller's permissions; only the exact `pii:read:<type>` counts. */
  permissions: ReadonlySet<string> | readonly string[];
  /** Who is looking, in the audit log's form: "user:<id>", "apikey:<id>". */
  actor: string;
  /** Whose information it is: "member:<id>", "parking-session:<id>". */
  target: string;
  /** Why the clear value is needed, in a few words ("deliver order 123", "customer asked by phone"). */
  purpose: string;
  /** The tenant's masking rules for the masked answer. */
  maskConfig?: MaskConfig;
}

export type RevealResult = { value: string; revealed: boolean };

export class RevealRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RevealRequestError";
  }
}

export async function reveal(
  tx: Transaction<CoreDatabase>,
  audit: AuditSink,
  request: RevealRequest,
): Promise<RevealResult> {
  if (!isPiiType(request.type)) throw new RevealRequestError(`unknown personal information type ${request.type}`);
  if (!canReveal(request.permissions, request.type)) {
    return {
      value: maskValue(request.type, request.value, request.maskConfig ?? DEFAULT_MASK_CONFIG),
      revealed: false,
    };
  }
  // Checked only for clear reveals: a masked answer needs no justification, a clear one does.
  for (const field of ["actor", "target", "purpose"] as const) {
    if (typeof request[field] !== "string" || request[field].trim() === "") {
      throw new RevealRequestError(
        `revealing ${request.type} in clear needs ${field === "actor" ? "an" : "a"} ${field}`,
      );
    }
  }
  // The details name the kind and the purpose, never the value: the audit log is kept longer and read more widely.
  await audit(tx, {
    actor: request.actor,
    action: REVEAL_AUDIT_ACTION,
    target: request.target,
    details: { type: request.type, purpose: request.purpose.trim() },
  });
  return { value: request.value, revealed: true };
}
