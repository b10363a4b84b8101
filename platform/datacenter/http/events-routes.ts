/** POST /api/v1/events: the open ingestion API (多口接入) for POS systems, counters, parking gates and sensors. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { Database } from "../../db/database.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import type { TenantKeyStore } from "../../privacy/encryption/tenant-keys.ts";
import { type BatchEvent, batchProblems, batchSchema, MAX_BATCH_EVENTS } from "../batch.ts";
import { ingestTypes } from "../core-types.ts";
import type { IngestRegistry } from "../event-type.ts";
import { ingestBatch } from "../ingest.ts";

export interface DatacenterDeps {
  database: Database;
  keys: TenantKeyStore;
  /** The event types accepted; by default the core's and the installed plugins'. */
  ingestTypes?: IngestRegistry;
}

const POLICY = `
A batch of up to ${MAX_BATCH_EVENTS} events \`{ events: [{ type, id, ...fields }] }\` of the types footfall, sale,
parking and sensor, and of the types plugins add (named \`<plugin id>-<what>\`; accepted only where the district has
enabled that plugin). \`id\` is the sender's own id of the event and its idempotency key.

**All or nothing.** If any event is invalid, the answer is 422 problem+json whose \`errors\` name each bad event by
\`index\` (from 0) and \`field\` (\`events.3.amountFen\`), and nothing of the batch is stored. A valid batch is stored in
one transaction.

**Idempotent.** An event already received — same district, same sender scope (the store of a store-scoped key or
user, else the district), same type and id — is skipped and listed in \`duplicates\`; so is a repeat of an id within
the batch. Resending a batch after a timeout is safe. Late and out-of-order events are accepted and counted in
the hour and day they happened; event times more than 24 hours ahead of the server are refused.

**Stores.** A store-scoped key (or store user) may send sales and footfall of its own store only — another
\`storeId\` refuses the whole batch with 403; footfall without \`storeId\` is counted for its store; parking and
sensor events come from district systems only. Every \`storeId\` must be a store of the district (422 otherwise).

**Money and refunds.** \`amountFen\` is a non-negative integer in fen (分); a refund is \`refund: true\` with the
amount given back. \`paymentMethod\` is cash, card, wechat, alipay or ecny (digital RMB).

**Personal data.** Plates must be valid Chinese licence plates; they are stored only encrypted with a blind index.
A sale's \`memberId\` is stored only as a keyed pseudonym.
`.trim();

export function registerEventRoutes(app: OpenAPIHono<AppEnv>, deps: DatacenterDeps): void {
  const registry = deps.ingestTypes ?? ingestTypes;
  const schema = batchSchema(registry);
  app.openapi(
    guardedRoute({ permission: "events:write" }, {
      method: "post",
      path: "/api/v1/events",
      tags: ["Data center"],
      summary: "Send a batch of events (footfall, sales, parking, sensors)",
      description: POLICY,
      request: { body: { required: true, content: { "application/json": { schema } } } },
      responses: {
        200: {
          description: "Stored; events received before are listed as duplicates",
          content: {
            "application/json": {
              schema: z.object({
                accepted: z.number().int().describe("events stored now"),
                duplicates: z.array(z.string()).describe("ids of events received before; nothing changed for them"),
              }),
            },
          },
        },
        403: { description: "Events of another store (or not for stores); nothing stored", content: problem },
        422: { description: "Invalid events, each named by index and field; nothing stored", content: problem },
      },
    }),
    async (c) => {
      const principal = tenantPrincipalOf(c);
      const { events } = c.req.valid("json");
      const result = await ingestBatch(deps.database.db, deps.keys, registry, principal, events as BatchEvent[]);
      return c.json(result, 200);
    },
    (result) => {
      if (!result.success) {
        throw new ProblemError(422, "The batch has invalid events; nothing was stored.", batchProblems(result.error));
      }
    },
  );
}
