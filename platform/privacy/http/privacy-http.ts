/** What the privacy routes share: their dependencies and the subject id parameter. */
import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import type { ConsentPurposeRegistry } from "../consent-purposes.ts";
import type { RetentionRegistry } from "../retention-classes.ts";
import type { TenantKeyStore } from "../encryption/tenant-keys.ts";
import type { SubjectRightsRegistry } from "../subject-requests-registry.ts";

export interface PrivacyRouteDeps {
  db: Kysely<CoreDatabase>;
  /** The registries default to the platform's (core and loaded plugins); tests may pass their own. */
  purposes?: ConsentPurposeRegistry;
  retention?: RetentionRegistry;
  subjectRights?: SubjectRightsRegistry;
  /** The districts' keys: data-subject handlers find data by a proven phone number or plate through them. */
  keys?: TenantKeyStore;
}

export const SubjectId = z.string().min(1, "must not be empty").max(200, "must be at most 200 characters")
  .openapi({ description: "Opaque id of the person, e.g. a member id" });
