/** The district's settings of members and cards, merged into the plugin's flat settings (config.ts). */
import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const membersConfigShape = {
  /** The shortest wait between two codes to one number: a code costs the district an SMS and annoys the person. */
  membersCodeIntervalSeconds: z.int().min(30).max(3600).default(60)
    .meta({ label: { zh: "同一手机号两次发送验证码的最短间隔（秒）", en: "Seconds between two codes to one mobile" } }),
  membersCodesPerDay: z.int().min(1).max(50).default(10)
    .meta({ label: { zh: "同一手机号每天最多发送验证码次数", en: "Codes per mobile number per day" } }),
  /** The district's own SMS gateway; empty: the platform's (MEMBERSHIP_SMS_URL), else codes are only logged. */
  membersSmsGatewayUrl: z.string().max(300).refine((value) => value === "" || isHttpUrl(value), {
    error: "must be an http(s) address",
  }).default("")
    .meta({ label: { zh: "短信网关地址（留空用平台的）", en: "SMS gateway address (empty: the platform's)" } }),
  membersSmsGatewayToken: z.string().max(200).default("")
    .meta({ label: { zh: "短信网关凭证", en: "SMS gateway credential" } }),
  /** 短信签名, e.g. 【彭城广场】: the carriers require a registered signature before the text. */
  membersSmsSignature: z.string().max(20).default("")
    .meta({ label: { zh: "短信签名，如【彭城广场】", en: "SMS signature, e.g. 【Pengcheng Square】" } }),
  /** The privacy policy members are shown when they join; stored with each consent decision. */
  membersPolicyVersion: z.string().min(1).max(64).default("2026-01")
    .meta({ label: { zh: "会员隐私政策版本", en: "Members' privacy policy version" } }),
  /** A coupon template (coupons area) given on the member's birthday; empty: a greeting event only. */
  membersBirthdayCouponTemplateId: z.string().refine((value) => value === "" || UUID.test(value), {
    error: "must be a coupon template id",
  }).default("")
    .meta({ label: { zh: "生日礼券模板（留空不发券）", en: "Birthday coupon template (empty: none)" } }),
} satisfies z.ZodRawShape;

export type MembersSettings = z.infer<z.ZodObject<typeof membersConfigShape>>;

/** The members settings out of the plugin's stored settings (defaults for what is missing). */
export const membersSettings = z.object(membersConfigShape);
