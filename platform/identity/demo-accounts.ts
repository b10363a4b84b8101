/**
 * The demo people of `tenants/demo-accounts.json`: one of each role, so a new user can sign in as anyone right
 * after `npm start`. Created once (by login) with the shared demo password; never touched afterwards, so a
 * changed password stays changed. Only used when demo data is on.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { hashPassword } from "./password.ts";
import { ROLES } from "./permissions.ts";
import { TENANTS_DIR } from "./tenant-definitions.ts";
import { asAuth } from "./with-auth.ts";

export const DEMO_PASSWORD = "Demo-2026-district";

const DemoAccount = z.object({
  login: z.string().regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/),
  displayName: z.string().min(1),
  role: z.enum(ROLES as [string, ...string[]]),
  district: z.string().optional(),
  bureau: z.string().optional(),
  store: z.object({
    name: z.string().min(1),
    creditCode: z.string().length(18),
    category: z.string(),
    floor: z.string(),
    unit: z.string(),
    areaM2: z.number().positive(),
    staffCount: z.number().int().nonnegative(),
  }).strict().optional(),
}).strict();
export type DemoAccount = z.infer<typeof DemoAccount>;

export async function loadDemoAccounts(dir: URL = TENANTS_DIR): Promise<DemoAccount[]> {
  const parsed = z.array(DemoAccount).safeParse(
    JSON.parse(await Deno.readTextFile(new URL("demo-accounts.json", dir))),
  );
  if (!parsed.success) {
    throw new Error(
      `tenants/demo-accounts.json: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export async function provisionDemoAccounts(
  db: Kysely<CoreDatabase>,
  accounts: DemoAccount[],
  tenantIds: Record<string, string>,
): Promise<DemoAccount[]> {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const demo of accounts) {
    if (demo.role === "platform_admin" || demo.role === "bureau_officer") {
      await withPlatform(db, { actor: "system:demo", purpose: "create demo accounts" }, async (tx) => {
        if (await tx.selectFrom("core.accounts").select("id").where("login", "=", demo.login).executeTakeFirst()) {
          return;
        }
        const id = uuidv7();
        await tx.insertInto("core.accounts")
          .values({ id, login: demo.login, display_name: demo.displayName, password_hash: hash, status: "active" })
          .execute();
        const bureau = demo.bureau
          ? await tx.selectFrom("core.bureaus").select("id").where("slug", "=", demo.bureau).executeTakeFirstOrThrow()
          : undefined;
        await tx.insertInto("core.platform_grants")
          .values({
            account_id: id,
            role: demo.role as "platform_admin" | "bureau_officer",
            bureau_id: bureau?.id ?? null,
          })
          .execute();
      });
      continue;
    }
    const tenantId = tenantIds[demo.district ?? ""];
    if (!tenantId) throw new Error(`demo account ${demo.login}: unknown district "${demo.district}"`);
    await withTenant(db, tenantId, async (tx) => {
      const exists = await asAuth(
        tx,
        () => tx.selectFrom("core.accounts").select("id").where("login", "=", demo.login).executeTakeFirst(),
      );
      if (exists) return;
      let organisationId: string;
      if (demo.store) {
        organisationId = uuidv7();
        await tx.insertInto("core.organisations").values({
          tenant_id: tenantId,
          id: organisationId,
          kind: "store",
          name: demo.store.name,
          credit_code: demo.store.creditCode,
          category: demo.store.category,
          floor: demo.store.floor,
          unit: demo.store.unit,
          area_m2: demo.store.areaM2,
          staff_count: demo.store.staffCount,
        }).execute();
      } else {
        organisationId = (await tx.selectFrom("core.organisations").select("id").where("kind", "=", "operator")
          .executeTakeFirstOrThrow()).id;
      }
      const id = uuidv7();
      await asAuth(tx, () =>
        tx.insertInto("core.accounts")
          .values({ id, login: demo.login, display_name: demo.displayName, password_hash: hash, status: "active" })
          .execute());
      await tx.insertInto("core.memberships").values({
        tenant_id: tenantId,
        account_id: id,
        role: demo.role as "operator_admin",
        organisation_id: organisationId,
      }).execute();
    });
  }
  return accounts;
}
