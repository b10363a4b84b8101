/** A platform administrator for tests: an account with a platform grant and no district. */
import type { Database } from "../../platform/db/database.ts";
import { withPlatform } from "../../platform/db/tenant.ts";
import { uuidv7 } from "../../platform/ids.ts";
import { hashPassword } from "../../platform/identity/password.ts";
import { TEST_PASSWORD } from "./identity.ts";

export async function createPlatformAdmin(
  database: Database,
  login = `platform-admin-${crypto.randomUUID().slice(0, 8)}`,
): Promise<{ accountId: string; login: string; password: string }> {
  const accountId = uuidv7();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await withPlatform(database.db, { actor: "system:test", purpose: "create a platform admin" }, async (tx) => {
    await tx.insertInto("core.accounts")
      .values({ id: accountId, login, display_name: login, password_hash: passwordHash, status: "active" })
      .execute();
    await tx.insertInto("core.platform_grants").values({
      account_id: accountId,
      role: "platform_admin",
      bureau_id: null,
    })
      .execute();
  });
  return { accountId, login, password: TEST_PASSWORD };
}
