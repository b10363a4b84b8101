/** Request and response shapes of the campaigns API, shared by its route files. */
import { z } from "@hono/zod-openapi";
import { OUTCOMES } from "./results.ts";
import { RulesViewSchema } from "./segment-rules.ts";

export const TAG = "Plugin: membership · campaigns";
export const CHANNELS = ["inbox", "sms", "wechat"] as const;

export const IdParam = z.object({ id: z.string().uuid("must be an id") });
export const DistrictParam = z.object({ district: z.string() });

export const Segment = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  rules: RulesViewSchema,
  members: z.number().int().describe("active members matching the rules now"),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("MembershipSegment");

export const SegmentPreview = z.object({
  members: z.number().int().describe("active members matching the rules"),
  withConsent: z.number().int().describe("of them, members whose latest marketing decision is a grant"),
}).openapi("MembershipSegmentPreview");

/** Channels as a list, or as text ("inbox,sms": the console's form offers the combinations in one choice). */
export const ChannelsInput = z.union([
  z.array(z.enum(CHANNELS, { error: "inbox, sms or wechat" })),
  z.string().max(40),
]).transform((value, context) => {
  const list = typeof value === "string" ? value.split(/[\s,，+]+/).filter(Boolean) : value;
  const unknown = list.filter((channel) => !(CHANNELS as readonly string[]).includes(channel));
  if (unknown.length) context.addIssue({ code: "custom", message: `unknown channel: ${unknown.join(", ")}` });
  const channels = [...new Set(list)] as (typeof CHANNELS)[number][];
  if (channels.length === 0) context.addIssue({ code: "custom", message: "choose at least one channel" });
  return channels;
}).openapi({ description: "inbox (站内信), sms, wechat (模板消息)", example: ["inbox", "sms"] });

export const CampaignDraftInput = z.object({
  title: z.string().trim().min(2, "give the campaign a title of 2 to 40 characters").max(40, "at most 40 characters"),
  body: z.string().trim().min(1, "write the message").max(300, "at most 300 characters"),
  channels: ChannelsInput,
  segmentId: z.string().uuid("choose a segment"),
});

export const Counts = z.object(
  Object.fromEntries(OUTCOMES.map((o) => [o, z.number().int()])) as {
    [K in typeof OUTCOMES[number]]: z.ZodNumber;
  },
);

export const Results = z.object({
  members: Counts.describe("per member: sent when at least one channel reached them"),
  byChannel: z.record(z.string(), Counts).describe("per channel, delivery rows per outcome"),
}).openapi("MembershipCampaignResults");

export const Campaign = z.object({
  id: z.string().uuid(),
  title: z.string(),
  body: z.string(),
  channels: z.array(z.enum(CHANNELS)),
  segmentId: z.string().uuid(),
  segmentName: z.string().nullable(),
  status: z.enum(["draft", "scheduled", "sending", "sent", "cancelled"]),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  audienceSize: z.number().int().nullable().describe("segment members when sending started"),
  createdAt: z.string(),
  results: Results,
}).openapi("MembershipCampaign");

export const Delivery = z.object({
  memberId: z.string().uuid(),
  memberNo: z.string(),
  mobile: z.string().nullable().describe("masked"),
  channel: z.enum(CHANNELS),
  status: z.enum(OUTCOMES),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
}).openapi("MembershipCampaignDelivery");

export const MemberDelivery = z.object({
  campaignId: z.string().uuid(),
  campaignTitle: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(OUTCOMES),
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
}).openapi("MembershipMemberDelivery");

export const Paging = z.object({
  page: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "at least 1")
    .default(1),
  pageSize: z.coerce.number({ error: "must be a number" }).int("must be a whole number")
    .min(1, "from 1 to 100").max(100, "from 1 to 100").default(20),
});

export const InboxMessage = z.object({
  id: z.string().uuid(),
  kind: z.enum(["marketing", "service"]),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
}).openapi("MembershipInboxMessage");

export const MarketingState = z.object({
  subscribed: z.boolean().describe("the member's latest marketing decision is a grant"),
  decidedAt: z.string().nullable(),
  frequencyCap: z.number().int().describe("marketing messages per member in 7 days, at most"),
}).openapi("MembershipMarketingState");

export const WeekOfPush = z.object({
  week: z.string().describe("ISO week, 2026-W07"),
  weekStart: z.string().describe("Monday, local date"),
  campaigns: z.number().int(),
  membersReached: z.number().int(),
}).openapi("MembershipWeekOfPush");
