/**
 * Ids for rows without an id column. Resending the same file must store nothing twice, so the id is derived from
 * what makes the row unique: a sale's store, receipt number and whether it is the refund (a till may number a
 * refund with its sale's receipt); a count's store, counter, zone and time. Hashed, because the parts together can
 * be longer than an event id may be.
 */
import type { ImportType } from "./columns.ts";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `csv-sale-<hash>` or `csv-footfall-<hash>`; undefined when the parts it needs are missing (the row is refused). */
export async function derivedId(type: ImportType, fields: Record<string, unknown>): Promise<string | undefined> {
  const parts = type === "sale" ? [fields.storeId, fields.receiptId, fields.refund === true ? "refund" : "sale"] : [
    fields.storeId ?? "",
    fields.counterId,
    fields.zone,
    typeof fields.at === "string" ? Date.parse(fields.at) : undefined,
  ];
  if (parts.some((part) => part === undefined || (typeof part === "number" && Number.isNaN(part)))) return undefined;
  return `csv-${type}-${(await sha256Hex(JSON.stringify(parts))).slice(0, 40)}`;
}
