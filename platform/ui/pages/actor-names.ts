/** The district's people by audit actor ("user:<id>" → display name), to show who did what. */
import { type PageContext, signedInPrincipal } from "../page.ts";

/** Empty for someone without users:read: the actors then show as they are. */
export async function actorNames(ctx: PageContext): Promise<Map<string, string>> {
  if (!signedInPrincipal(ctx).permissions.has("users:read")) return new Map();
  const users = await ctx.api.get<{ items: { accountId: string; displayName: string }[] }>("/api/v1/users");
  return new Map(users.ok ? users.data.items.map((user) => [`user:${user.accountId}`, user.displayName]) : []);
}
