/**
 * Two districts and one signed-in client per kind of caller, for tests that show who may call a route: an operator
 * admin, operator staff and a store owner of district A, an operator admin of district B, a platform admin, and
 * nobody. Disposing it stops the app's jobs and closes the database.
 */
import type { Database } from "../../platform/db/database.ts";
import type { TenantRole } from "../../platform/identity/schema.ts";
import { createTestApp, type TestApp } from "./app.ts";
import { TestClient } from "./http.ts";
import { createStore, createUser } from "./identity.ts";
import { createPlatformAdmin } from "./platform-admin.ts";
import { createTestTenants } from "./tenants.ts";
import { openTestDatabase } from "./test-db.ts";

export interface RoleClients {
  adminA: TestClient;
  staffA: TestClient;
  ownerA: TestClient;
  adminB: TestClient;
  platform: TestClient;
  anonymous: TestClient;
}

export interface RolesSetup extends AsyncDisposable {
  database: Database;
  testApp: TestApp;
  a: string;
  b: string;
  clients: RoleClients;
  /** Account ids, as audit entries name them ("user:<id>"). */
  accounts: Record<keyof Omit<RoleClients, "anonymous">, string>;
}

export async function setupRoles(options: Parameters<typeof createTestApp>[1] = {}): Promise<RolesSetup> {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const testApp = await createTestApp(database, { logLevel: "error", ...options });
  const signedIn = async (user: { login: string; password: string }) => {
    const client = new TestClient(testApp.app);
    const res = await client.signIn(user.login, user.password);
    if (res.status !== 200) throw new Error(`sign-in of ${user.login} failed: ${res.status}`);
    return client;
  };
  const person = (tenant: string, role: TenantRole, organisationId?: string) =>
    createUser(database, tenant, role, { organisationId });
  const adminA = await person(a, "operator_admin");
  const staffA = await person(a, "operator_staff");
  const ownerA = await person(a, "store_owner", await createStore(database, a));
  const adminB = await person(b, "operator_admin");
  const platform = await createPlatformAdmin(database);
  return {
    database,
    testApp,
    a,
    b,
    clients: {
      adminA: await signedIn(adminA),
      staffA: await signedIn(staffA),
      ownerA: await signedIn(ownerA),
      adminB: await signedIn(adminB),
      platform: await signedIn(platform),
      anonymous: new TestClient(testApp.app),
    },
    accounts: {
      adminA: adminA.accountId,
      staffA: staffA.accountId,
      ownerA: ownerA.accountId,
      adminB: adminB.accountId,
      platform: platform.accountId,
    },
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

/**
 * Calls `method path` as each caller and returns the statuses, so a test can state the whole access table in one
 * assertion. Each call gets a fresh copy of `body`.
 */
export async function statusesFor(
  clients: RoleClients,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<keyof RoleClients, number>> {
  const statuses = {} as Record<keyof RoleClients, number>;
  for (const [name, client] of Object.entries(clients) as [keyof RoleClients, TestClient][]) {
    const res = await client.request(method, path, body === undefined ? undefined : structuredClone(body));
    await res.body?.cancel();
    statuses[name] = res.status;
  }
  return statuses;
}
