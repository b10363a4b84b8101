/**
 * Data classes with a retention period. The core and plugins register each kind of personal or log data they keep
 * (raw plate reads, raw footfall, access logs …) with the table it lives in and what to do when it expires: delete
 * the rows, or anonymise them and keep the rest for statistics. Storage limitation is the rule (PIPL art. 19:
 * keep no longer than needed); some classes also have a legal minimum, which no tenant setting may undercut.
 */
import { datacenterRetentionClasses } from "../datacenter/privacy.ts";
import type { RawBuilder } from "kysely";
import type { TenantTx } from "../db/tenant.ts";

/** Anonymises up to `limit` expired rows that are not anonymised yet; returns how many it changed. */
export type AnonymiseBatch = (tx: TenantTx, batch: { cutoff: Date; limit: number }) => Promise<number>;

/**
 * column → new value: a plain value (bound as a parameter) or a `sql` expression over the row, e.g.
 * sql`left(plate, 2) || '*****'`. Each must be idempotent (applying it twice gives the same value as once):
 * a row counts as done when every column already equals its value, which is how re-runs skip it.
 */
export type AnonymiseSetList = Record<string, RawBuilder<unknown> | string | number | boolean | null>;

export interface RetentionDataClass {
  /** Stable id, stored in policies and run logs: "raw_plate_events". */
  id: string;
  name?: { zh: string; en: string };
  /** Schema-qualified tenant-owned table: "plugin_parking.plate_events". */
  table: string;
  /** The timestamp the period runs from. */
  timeColumn: string;
  action: "delete" | "anonymise";
  /** Required for "anonymise". */
  anonymise?: AnonymiseSetList | AnonymiseBatch;
  /**
   * For "delete" on a table the application role may not delete from (append-only raw events): deletes up to
   * `limit` expired rows through a narrower door, e.g. a SECURITY DEFINER function; returns how many it deleted.
   */
  expire?: AnonymiseBatch;
  defaultDays: number;
  /** The shortest period a tenant may set; the legal minimum where there is one. */
  minimumDays: number;
}

/**
 * Legal floors by class id, so a class registered under a regulated id cannot declare a shorter minimum.
 * Xuzhou DB3203 mall digital-service spec §5.1.2: free Wi-Fi access logs kept more than 60 days.
 */
export const LEGAL_MINIMUM_DAYS: Readonly<Record<string, { days: number; basis: string }>> = {
  access_logs: { days: 60, basis: "《商场数字化服务管理规范》5.1.2：日志留存时间应大于 60 d" },
};

export class RetentionBelowMinimumError extends Error {
  constructor(
    readonly dataClass: string,
    readonly days: number,
    readonly minimumDays: number,
    readonly basis?: string,
  ) {
    super(
      `retention for "${dataClass}" must be at least ${minimumDays} days` +
        (basis ? ` (${basis})` : "") + `, got ${days}`,
    );
    this.name = "RetentionBelowMinimumError";
  }
}

export class UnknownDataClassError extends Error {
  constructor(readonly dataClass: string) {
    super(`data class "${dataClass}" is not registered for retention`);
    this.name = "UnknownDataClassError";
  }
}

const CLASS_ID = /^[a-z][a-z0-9_]{0,62}$/;
const IDENT = "[a-z_][a-z0-9_]{0,62}";
const QUALIFIED_TABLE = new RegExp(`^${IDENT}\\.${IDENT}$`);
const COLUMN = new RegExp(`^${IDENT}$`);

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** Throws when `days` is below the class's minimum; the one check every path that sets a period goes through. */
export function checkRetentionDays(dataClass: RetentionDataClass, days: number): void {
  if (!isPositiveInteger(days)) {
    throw new RangeError(`retention for "${dataClass.id}" must be a whole number of days, got ${days}`);
  }
  if (days < dataClass.minimumDays) {
    throw new RetentionBelowMinimumError(
      dataClass.id,
      days,
      dataClass.minimumDays,
      LEGAL_MINIMUM_DAYS[dataClass.id]?.basis,
    );
  }
}

export class RetentionRegistry {
  #classes = new Map<string, RetentionDataClass>();

  register(dataClass: RetentionDataClass): void {
    const { id } = dataClass;
    if (!CLASS_ID.test(id)) throw new Error(`data class id "${id}" must be lower_snake_case`);
    if (this.#classes.has(id)) throw new Error(`data class "${id}" is registered twice`);
    if (!QUALIFIED_TABLE.test(dataClass.table)) {
      throw new Error(`data class "${id}": table "${dataClass.table}" must be schema-qualified, like "core.x"`);
    }
    if (!COLUMN.test(dataClass.timeColumn)) {
      throw new Error(`data class "${id}": "${dataClass.timeColumn}" is not a column name`);
    }
    if (!isPositiveInteger(dataClass.minimumDays)) {
      throw new Error(`data class "${id}": minimumDays must be a positive whole number`);
    }
    const legal = LEGAL_MINIMUM_DAYS[id];
    if (legal && dataClass.minimumDays < legal.days) {
      throw new RetentionBelowMinimumError(id, dataClass.minimumDays, legal.days, legal.basis);
    }
    checkRetentionDays(dataClass, dataClass.defaultDays);
    if (dataClass.action === "anonymise") {
      if (dataClass.expire) throw new Error(`data class "${id}": only action "delete" takes an expire function`);
      const spec = dataClass.anonymise;
      if (!spec) throw new Error(`data class "${id}": action "anonymise" needs an anonymise function or set-list`);
      if (typeof spec !== "function") {
        const columns = Object.keys(spec);
        if (columns.length === 0) throw new Error(`data class "${id}": the anonymise set-list is empty`);
        const bad = columns.find((c) => !COLUMN.test(c) || c === "tenant_id" || c === dataClass.timeColumn);
        if (bad) throw new Error(`data class "${id}": cannot anonymise column "${bad}"`);
      }
    } else if (dataClass.action === "delete") {
      if (dataClass.anonymise) throw new Error(`data class "${id}": action "delete" takes no anonymise spec`);
    } else {
      throw new Error(`data class "${id}": action must be "delete" or "anonymise"`);
    }
    this.#classes.set(id, dataClass);
  }

  has(id: string): boolean {
    return this.#classes.has(id);
  }

  get(id: string): RetentionDataClass {
    const dataClass = this.#classes.get(id);
    if (!dataClass) throw new UnknownDataClassError(id);
    return dataClass;
  }

  list(): RetentionDataClass[] {
    return [...this.#classes.values()];
  }
}

/** The platform's registry: the core's classes (raw data-center events), then plugins' when they load. */
export const retentionClasses: RetentionRegistry = new RetentionRegistry();
for (const dataClass of datacenterRetentionClasses) retentionClasses.register(dataClass);
