/** `/console/privacy/masking`: how much of each kind of personal information staff see on screen. */
import { z } from "zod";
import { validate } from "../../privacy/identifiers.ts";
import { maskConfigSchema } from "../../privacy/masking.ts";
import { PII_LABELS, PII_TYPES, type PiiType } from "../../privacy/pii-types.ts";
import { Island } from "../island.tsx";
import type { MaskSettingsView } from "../islands/masking-settings.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { districtTimeZone } from "./district-time-zone.ts";
import { privacySection, sectionFrame } from "./privacy.tsx";

const SECTION = privacySection("/console/privacy/masking");

/** Examples to preview; made-up values that pass validation (the ID number is the standard's own example). */
const SAMPLES: Record<PiiType, string> = {
  phone: "13812345678",
  idNumber: "11010519491231002X",
  creditCode: "91350100M000100Y43",
  plate: "苏C12345",
  name: "张三丰",
  bankCard: "6222021234567890128",
  email: "zhang.san@163.com",
  address: "江苏省徐州市云龙区中山北路123号",
  birthDate: "1990-03-15",
};

function capitalised(label: { zh: string; en: string }) {
  return { zh: label.zh, en: label.en.charAt(0).toUpperCase() + label.en.slice(1) };
}

/** Each number's upper limit ("phone.keepStart" → 3), read from the settings' own schema. */
function maskLimits(): Record<string, number> {
  type Node = { properties?: Record<string, Node>; maximum?: number };
  const schema = z.toJSONSchema(maskConfigSchema, { io: "input" }) as Node;
  const limits: Record<string, number> = {};
  for (const [group, node] of Object.entries(schema.properties ?? {})) {
    for (const [key, leaf] of Object.entries(node.properties ?? {})) {
      if (typeof leaf.maximum === "number") limits[`${group}.${key}`] = leaf.maximum;
    }
  }
  return limits;
}

const LIMITS = maskLimits();

export const privacyMaskingPage: UiPage = {
  path: SECTION.path,
  access: { permission: SECTION.permission },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const [settings, timeZone] = await Promise.all([
      ctx.api.data<MaskSettingsView>("/api/v1/privacy/masking"),
      districtTimeZone(ctx),
    ]);
    const samples = PII_TYPES.flatMap((type) => {
      const result = validate(type, SAMPLES[type]);
      return result.ok ? [{ type, label: capitalised(PII_LABELS[type]), value: result.value }] : [];
    });
    return sectionFrame(
      t,
      signedInPrincipal(ctx),
      SECTION,
      "privacy.masking.lead",
      <Island name="MaskingSettings" props={{ locale, timeZone, settings, limits: LIMITS, samples }} />,
    );
  },
};
