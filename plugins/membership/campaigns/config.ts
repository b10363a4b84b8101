/** The district's settings of the campaigns area, merged into the plugin's flat settings (config.ts). */
import { z } from "zod";

const httpAddress = z.string().trim().max(300).refine(
  (value) => value === "" || /^https?:\/\/[^\s/]+/.test(value),
  "must be empty or an http(s):// address",
);

export const campaignsConfigShape = {
  /** GB/T 35273 asks not to overwhelm people with marketing; the cap counts every marketing message. */
  campaignsFrequencyCap: z.number().int().min(1).max(50).default(3)
    .meta({
      label: { zh: "每位会员 7 天内最多收到的营销消息数", en: "Marketing messages per member in 7 days, at most" },
    }),
  /** Members handled per transaction while sending; a resumed campaign repeats at most one chunk's decisions. */
  campaignsChunkSize: z.number().int().min(1).max(5000).default(500)
    .meta({ label: { zh: "推送每批处理的会员数", en: "Members per sending batch" } }),
  /** The site consumers open, for links in SMS; empty: the address the campaign was composed on. */
  campaignsPublicOrigin: httpAddress.default("")
    .meta({ label: { zh: "短信中链接的网站地址（留空则用创建活动时的地址）", en: "Site address for links in SMS" } }),
  /** The district's WeChat gateway for template messages (模板消息); empty: the WeChat channel is off. */
  campaignsWechatUrl: httpAddress.default("")
    .meta({ label: { zh: "微信模板消息网关地址", en: "WeChat template message gateway address" } }),
  /** Signs each request to the gateway (HMAC-SHA256), so it can refuse requests that are not the district's. */
  campaignsWechatSecret: z.string().max(200).default("")
    .meta({ label: { zh: "微信网关签名密钥", en: "WeChat gateway signing secret" } }),
  campaignsWechatTemplateId: z.string().trim().max(100).default("")
    .meta({ label: { zh: "微信模板消息模板 ID", en: "WeChat template id" } }),
} satisfies z.ZodRawShape;
