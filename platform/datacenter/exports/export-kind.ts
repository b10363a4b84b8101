/**
 * What one CSV export is: its headings in both languages, whether store users may have it (their store only) and
 * how it reads its rows page by page. The route (http/export-routes.ts) adds access, the range, the audit entry and
 * the download headers, the same for every export.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import type { TenantKeyStore } from "../../privacy/encryption/tenant-keys.ts";
import type { CsvPage } from "./csv-stream.ts";

export type ExportLanguage = "zh-CN" | "en-US";

export interface ExportRequest {
  db: Kysely<CoreDatabase>;
  keys: TenantKeyStore;
  tenantId: string;
  from: Date;
  to: Date;
  /** Only this store (always a store user's own). */
  storeId?: string;
  lang: ExportLanguage;
  timeZone: string;
  /** The district's store names by id, for the store name column. */
  storeNames: ReadonlyMap<string, string>;
}

export interface CsvExport {
  /** The file's name starts with it and the path is /api/v1/exports/<name>.csv. */
  name: string;
  summary: string;
  description: string;
  headings: Record<ExportLanguage, readonly string[]>;
  /** "store": store users get their own store's rows; "district": district accounts only. */
  scope: "store" | "district";
  /** The longest range, in days. */
  maxDays: number;
  // deno-lint-ignore no-explicit-any -- each export has its own cursor type, opaque to the route
  page(request: ExportRequest, cursor: any): Promise<CsvPage<unknown>>;
}

/** Rows per page of a streamed export. */
export const EXPORT_PAGE_ROWS = 2_000;
