/**
 * The district's audit log over HTTP: the viewer (filters and cursor paging), verification of the chain with the
 * platform's checkpoint key, and that key's public half for anyone who checks checkpoints offline.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { listAudit } from "../list.ts";
import type { AuditPublicKey } from "../signing-key.ts";
import { verifyChain } from "../verify.ts";
import {
  AuditFilters,
  auditPageResponses,
  listOptions,
  pageJson,
  verifyJson,
  verifyResponses,
} from "./audit-schemas.ts";

export interface AuditRouteDeps {
  db: Kysely<CoreDatabase>;
  /** Checkpoint signatures are checked with it. */
  auditPublicKey: AuditPublicKey;
}

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: AuditRouteDeps): void {
  const { db, auditPublicKey } = deps;

  app.openapi(
    guardedRoute({ permission: "audit:read" }, {
      method: "get",
      path: "/api/v1/audit",
      tags: ["Audit"],
      summary: "The district's audit log, newest first",
      request: { query: AuditFilters },
      responses: auditPageResponses,
    }),
    async (c) => {
      const options = listOptions(c.req.valid("query"));
      const page = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => listAudit(tx, options));
      return c.json(pageJson(page), 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "audit:verify" }, {
      method: "get",
      path: "/api/v1/audit/verify",
      tags: ["Audit"],
      summary: "Verify the district's chain: every link, every hash, every signed checkpoint",
      responses: verifyResponses,
    }),
    async (c) => {
      const result = await withTenant(
        db,
        tenantPrincipalOf(c).tenantId,
        (tx) => verifyChain(tx, { publicKeys: [auditPublicKey] }),
      );
      return c.json(verifyJson(result), 200);
    },
  );

  app.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/api/v1/audit/public-key",
      tags: ["Audit"],
      summary: "The public key that signs audit checkpoints, to check them without access to the platform",
      responses: {
        200: {
          description: "The key",
          content: {
            "application/json": {
              schema: z.object({
                algorithm: z.literal("Ed25519"),
                keyId: z.string().openapi({ description: "Stored with every checkpoint it signed" }),
                spkiBase64: z.string().openapi({ description: "SubjectPublicKeyInfo (DER), base64" }),
                pem: z.string(),
              }).openapi("AuditPublicKey"),
            },
          },
        },
      },
    }),
    (c) => {
      const lines = auditPublicKey.spkiBase64.match(/.{1,64}/g) ?? [];
      return c.json({
        algorithm: "Ed25519" as const,
        keyId: auditPublicKey.keyId,
        spkiBase64: auditPublicKey.spkiBase64,
        pem: ["-----BEGIN PUBLIC KEY-----", ...lines, "-----END PUBLIC KEY-----", ""].join("\n"),
      }, 200);
    },
  );
}
