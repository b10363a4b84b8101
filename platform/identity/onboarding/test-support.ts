/** Shared set-up of the onboarding tests: two (or three) districts, the app, clients, valid application bodies. */
import { createTestApp } from "../../../tests/support/app.ts";
import { TestClient } from "../../../tests/support/http.ts";
import { createUser, TEST_PASSWORD } from "../../../tests/support/identity.ts";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import type { Database } from "../../db/database.ts";
import { withPlatform } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from "../../privacy/identifiers/credit-code.ts";
import { hashPassword } from "../password.ts";
import type { PlatformRole, TenantRole } from "../schema.ts";

export async function setupOnboarding(districts = 2) {
  const database = await openTestDatabase();
  const tenants = await createTestTenants(database, districts);
  const testApp = await createTestApp(database, { logLevel: "error" });
  const client = (bearer?: string) => new TestClient(testApp.app, bearer);
  return {
    database,
    app: testApp.app,
    keys: testApp.keys,
    tenants,
    a: tenants[0],
    b: tenants[1],
    client,
    /** A signed-in client of a new person with this role in the district. */
    async as(role: TenantRole, tenantId: string, options: { organisationId?: string } = {}) {
      const user = await createUser(database, tenantId, role, options);
      const browser = client();
      const res = await browser.signIn(user.login, user.password);
      if (res.status !== 200) throw new Error(`sign-in as ${role} failed: ${res.status}`);
      return browser;
    },
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

/** A valid unified social credit code (company registered in Xuzhou), different each call unless seeded. */
export function creditCode(seed = crypto.getRandomValues(new Uint32Array(9))): string {
  const subject = Array.from(seed, (n) => CREDIT_CODE_ALPHABET[n % CREDIT_CODE_ALPHABET.length]).join("");
  const first17 = `91320300${subject}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** The same code with a wrong check character. */
export function withWrongChecksum(code: string): string {
  const wrong = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[17]) + 1) % CREDIT_CODE_ALPHABET.length];
  return code.slice(0, 17) + wrong;
}

export const CONTACT = { name: "王小明", mobile: "13812345678" };

export function applicationBody(overrides: Record<string, unknown> = {}) {
  return {
    storeName: "老字号烧烤",
    creditCode: creditCode(),
    category: "catering",
    floor: "3F",
    unit: "C-302",
    areaM2: 86.5,
    staffCount: 6,
    contactName: CONTACT.name,
    contactMobile: "138 1234 5678",
    ownerLogin: `owner-${crypto.randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

/** A person outside any district (platform admin or bureau officer), as provisioning would create one. */
export async function createPlatformPerson(
  database: Database,
  role: PlatformRole,
  bureauSlug?: string,
): Promise<{ login: string; password: string }> {
  const login = `${role.replace("_", "-")}-${crypto.randomUUID().slice(0, 8)}`;
  const hash = await hashPassword(TEST_PASSWORD);
  await withPlatform(database.db, { actor: "system:test", purpose: "create test people" }, async (tx) => {
    const id = uuidv7();
    await tx.insertInto("core.accounts")
      .values({ id, login, display_name: login, password_hash: hash, status: "active" }).execute();
    const bureau = bureauSlug
      ? await tx.selectFrom("core.bureaus").select("id").where("slug", "=", bureauSlug).executeTakeFirstOrThrow()
      : undefined;
    await tx.insertInto("core.platform_grants").values({ account_id: id, role, bureau_id: bureau?.id ?? null })
      .execute();
  });
  return { login, password: TEST_PASSWORD };
}

/** Applies and returns the 201 answer's body. */
export async function apply(
  client: TestClient,
  districtSlug: string,
  body: Record<string, unknown> = applicationBody(),
): Promise<{ applicationId: string; status: string; statusToken: string; statusUrl: string }> {
  const res = await client.post(`/api/v1/public/districts/${districtSlug}/store-applications`, body);
  if (res.status !== 201) throw new Error(`application refused: ${res.status} ${await res.text()}`);
  return await res.json();
}
