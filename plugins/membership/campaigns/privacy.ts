/**
 * The campaigns area's part in personal-data rights: a member's deliveries and inbox messages are exported and
 * erased with the member (the subject id is the member id), and old ones expire. Deliveries are kept long enough
 * (400 days by default) for a year of weekly push evidence; inbox messages half a year.
 */
import type { RetentionDataClass, SubjectRightsHandler } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const campaignsSubjectRights: SubjectRightsHandler = {
  id: "membership.campaigns",
  async export(coreTx, subject) {
    // Subject ids of other kinds (not a member id) hold nothing here.
    if (!UUID.test(subject.id)) return { deliveries: [], inbox: [] };
    const tx = coreTx as unknown as MembershipTx;
    const deliveries = await tx.selectFrom("plugin_membership.campaign_deliveries as d")
      .innerJoin("plugin_membership.campaigns as c", (join) => join.onRef("c.id", "=", "d.campaign_id"))
      .select(["c.title", "c.body", "d.channel", "d.status", "d.reason", "d.decided_at", "d.created_at"])
      .where("d.member_id", "=", subject.id).orderBy("d.created_at").execute();
    const inbox = await tx.selectFrom("plugin_membership.inbox_messages")
      .select(["kind", "title", "body", "created_at", "read_at"])
      .where("member_id", "=", subject.id).orderBy("created_at").execute();
    return { deliveries, inbox };
  },
  async erase(coreTx, subject) {
    if (!UUID.test(subject.id)) return { affected: 0 };
    const tx = coreTx as unknown as MembershipTx;
    const deliveries = await tx.deleteFrom("plugin_membership.campaign_deliveries")
      .where("member_id", "=", subject.id).executeTakeFirst();
    const inbox = await tx.deleteFrom("plugin_membership.inbox_messages")
      .where("member_id", "=", subject.id).executeTakeFirst();
    return { affected: Number(deliveries.numDeletedRows) + Number(inbox.numDeletedRows) };
  },
};

export const campaignsRetention: RetentionDataClass[] = [
  {
    id: "membership_campaign_deliveries",
    name: { zh: "营销推送记录", en: "Campaign delivery records" },
    table: "plugin_membership.campaign_deliveries",
    timeColumn: "created_at",
    action: "delete",
    defaultDays: 400,
    minimumDays: 30,
  },
  {
    id: "membership_inbox_messages",
    name: { zh: "会员站内信", en: "Member inbox messages" },
    table: "plugin_membership.inbox_messages",
    timeColumn: "created_at",
    action: "delete",
    defaultDays: 180,
    minimumDays: 30,
  },
];
