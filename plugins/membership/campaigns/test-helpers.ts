/**
 * What the campaigns tests need again and again: tags and levels to segment by, marketing decisions, a member's H5
 * cookie, the plugin's jobs run to the end, and real HTTP servers standing in for the SMS and WeChat gateways.
 */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { issueMemberSession, memberCookieName } from "../members/member-auth.ts";
import { base, type MembershipTestBed } from "../test-support.ts";

export async function tag(bed: MembershipTestBed, code: string, district: "home" | "other" = "home") {
  return await bed.inDistrict(async (tx) => {
    const id = crypto.randomUUID();
    await tx.insertInto("plugin_membership.tags").values({
      tenant_id: bed.districts[district],
      id,
      code,
      name: code.toUpperCase(),
      created_by: "system:test",
    }).execute();
    return id;
  }, district);
}

export async function tagMember(bed: MembershipTestBed, memberId: string, tagId: string) {
  await bed.inDistrict((tx) =>
    tx.insertInto("plugin_membership.member_tags").values({
      tenant_id: bed.districts.home,
      member_id: memberId,
      tag_id: tagId,
      source: "manual",
      assigned_by: "system:test",
    }).execute()
  );
}

/** The district's level of each rank 0–2 (made if missing), by rank. */
export async function levels(bed: MembershipTestBed): Promise<Map<number, string>> {
  return await bed.inDistrict(async (tx) => {
    for (const [rank, code] of [[0, "basic"], [1, "silver"], [2, "gold"]] as const) {
      await tx.insertInto("plugin_membership.levels").values({
        tenant_id: bed.districts.home,
        id: crypto.randomUUID(),
        code: `t-${code}`,
        name_zh: code,
        name_en: code,
        rank,
      }).onConflict((oc) => oc.doNothing()).execute();
    }
    const rows = await tx.selectFrom("plugin_membership.levels").select(["id", "rank"]).execute();
    return new Map(rows.map((row) => [row.rank, row.id]));
  });
}

export async function setLevel(bed: MembershipTestBed, memberId: string, levelId: string) {
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.members").set({ level_id: levelId }).where("id", "=", memberId).execute()
  );
}

/** The member's own choice, through the member's own API (as the H5 settings page does). */
export async function decide(member: { client: TestClient }, subscribe: boolean, district = "home") {
  const res = await member.client.post(`${base}/public/${district}/me/${subscribe ? "subscribe" : "unsubscribe"}`);
  assert.equal(res.status, 200, await res.clone().text());
}

/** A browser's request with the member's H5 cookie (pages forward cookies, not Bearer tokens). */
export async function memberCookie(bed: MembershipTestBed, memberId: string, district: "home" | "other" = "home") {
  const { token } = await bed.inDistrict((tx) => issueMemberSession(tx, bed.districts[district], memberId), district);
  const cookie = `${memberCookieName(district)}=${token}`;
  const client = new TestClient(bed.app.app);
  return {
    get: (path: string) => client.request("GET", path, undefined, { cookie, "accept-language": "zh-CN" }),
  };
}

/** Waits until the job queue has nothing waiting, running or delayed. */
export async function jobsIdle(bed: MembershipTestBed, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = await bed.app.jobs.health();
    if (health.waiting + health.active + health.delayed === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the job queue did not become idle");
}

/** Runs one of the plugin's jobs for the home district and waits for the queue to be idle. */
export async function runJob(bed: MembershipTestBed, name: string, input: unknown): Promise<void> {
  const job = bed.app.plugins!.jobDefinitions().find((j) => j.name === `membership.${name}`);
  assert.ok(job, `membership.${name} is registered`);
  await bed.app.jobs.enqueue(job, input, { tenantId: bed.districts.home });
  await jobsIdle(bed);
}

export interface Received {
  headers: Headers;
  body: Record<string, unknown>;
  raw: string;
}

/** A real HTTP server standing in for a gateway; `answer` decides each response (default 200 with an id). */
export function gateway(answer?: (body: Record<string, unknown>) => Response | undefined) {
  const received: Received[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const raw = await req.text();
    const body = JSON.parse(raw);
    received.push({ headers: req.headers, body, raw });
    return answer?.(body) ?? Response.json({ id: `gw-${received.length}` });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/send`,
    received,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** Sends a campaign and waits until it is sent; the campaign as the API shows it then. */
export async function sendAndWait(bed: MembershipTestBed, operator: TestClient, campaignId: string) {
  const sent = await operator.post(`${base}/campaigns/${campaignId}/send`, {});
  assert.equal(sent.status, 200, await sent.clone().text());
  await jobsIdle(bed);
  const campaign = await (await operator.get(`${base}/campaigns/${campaignId}`)).json();
  assert.equal(campaign.status, "sent", JSON.stringify(campaign));
  return campaign;
}

export async function createSegment(operator: TestClient, body: Record<string, unknown> = { name: "全部会员" }) {
  const res = await operator.post(`${base}/segments`, body);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string; members: number };
}

export async function createCampaign(operator: TestClient, body: Record<string, unknown>) {
  const res = await operator.post(`${base}/campaigns`, { title: "周末美食节", body: "满 100 减 20", ...body });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string };
}
