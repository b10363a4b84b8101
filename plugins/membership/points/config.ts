/** The district's settings of the points area, merged into the plugin's flat settings (config.ts). */
import { z } from "zod";

export const EXPIRY_POLICIES = ["never", "days", "year-end"] as const;
export type ExpiryPolicy = typeof EXPIRY_POLICIES[number];

export const pointsConfigShape = {
  /** Used where no earning rule of the operator applies; 1 point per yuan is what most malls give. */
  pointsDefaultPerYuan: z.number().min(0).max(1000).default(1)
    .meta({ label: { zh: "默认每消费 1 元积分数", en: "Default points per yuan (where no rule applies)" } }),
  /** A store with no participation decision of the operator takes part when this is on. */
  pointsStoresParticipateByDefault: z.boolean().default(true)
    .meta({
      label: { zh: "门店默认加入积分联盟", en: "Stores take part in the alliance points unless excluded" },
    }),
  pointsExpiryPolicy: z.enum(EXPIRY_POLICIES).default("year-end")
    .meta({
      label: {
        zh: "积分有效期（never 永久 / days 获得后 N 天 / year-end 第 N 个 12 月 31 日）",
        en: "Points expiry (never / days: N days after earning / year-end: the Nth 31 December)",
      },
    }),
  pointsExpiryDays: z.int().min(1).max(3650).default(365)
    .meta({ label: { zh: "有效天数（按天数过期时）", en: "Days points stay valid (policy “days”)" } }),
  pointsExpiryYears: z.int().min(1).max(10).default(2)
    .meta({
      label: { zh: "第几个 12 月 31 日过期（按年末过期时）", en: "Expire on the Nth 31 December (policy “year-end”)" },
    }),
  pointsExpiryNoticeDays: z.int().min(0).max(90).default(30)
    .meta({
      label: { zh: "过期前几天提醒会员（0 不提醒）", en: "Notify members this many days before expiry (0: off)" },
    }),
  /** What a store is paid per point it redeems that another store issued: 1 fen = 100 points per yuan. */
  pointsSettlementFenPerPoint: z.number().min(0).max(1000).default(1)
    .meta({ label: { zh: "结算价（分/积分）", en: "Settlement rate (fen per point)" } }),
  pointsStoreDailyAwardLimit: z.int().min(0).max(1_000_000).default(5000)
    .meta({
      label: { zh: "每家门店每天手动赠送积分上限", en: "Points a store may award by hand per day" },
    }),
} satisfies z.ZodRawShape;

export type PointsSettings = z.infer<z.ZodObject<typeof pointsConfigShape>>;

/** The points settings out of the plugin's stored settings (defaults for what is missing). */
export const pointsSettings = z.object(pointsConfigShape);
