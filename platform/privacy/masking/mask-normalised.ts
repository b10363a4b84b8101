/**
 * The masking rules applied to a value that is already validated and normalised. Kept apart from masking.ts
 * (which validates first) and free of zod at run time, so the console's masking-settings island can preview a
 * district's settings with exactly the rules the server applies, without putting zod in the browser bundle.
 */
import type { PiiType } from "../pii-types.ts";
import { findAddressLevels } from "./address-levels.ts";
import type { MaskConfig } from "./mask-config.ts";
import { maskName } from "./mask-name.ts";
import { maskSpan } from "./mask-span.ts";

/** Stands in for a part whose length should not show (an address's street, an email's mailbox name). */
export const FIXED_MASK_LENGTH = 4;

function maskEmail(email: string, keepStart: number, maskChar: string): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const shown = Math.min(keepStart, local.length - Math.ceil(local.length / 3));
  return local.slice(0, shown) + maskChar.repeat(FIXED_MASK_LENGTH) + email.slice(at);
}

function maskAddress(address: string, level: MaskConfig["address"]["keepLevel"], maskChar: string): string {
  const levels = findAddressLevels(address);
  const end = level === "district"
    ? levels.district ?? levels.city ?? levels.province
    : level === "city"
    ? levels.city ?? levels.province
    : level === "province"
    ? levels.province
    : undefined;
  return (end === undefined ? "" : address.slice(0, end).trim()) + maskChar.repeat(FIXED_MASK_LENGTH);
}

/** `normal` must be the normalised value validate(type, …) returned; masking.ts's maskValue checks that. */
export function maskNormalised(type: PiiType, normal: string, config: MaskConfig): string {
  const { maskChar } = config;
  switch (type) {
    case "phone":
    case "idNumber":
    case "creditCode":
    case "plate":
    case "bankCard":
      return maskSpan(normal, config[type].keepStart, config[type].keepEnd, maskChar);
    case "name":
      return maskName(normal, config.name, maskChar);
    case "email":
      return maskEmail(normal, config.email.keepStart, maskChar);
    case "address":
      return maskAddress(normal, config.address.keepLevel, maskChar);
    case "birthDate":
      // The year alone is an age group (what marketing may use, Xuzhou 7.3.2); month and day make the birthday.
      return `${normal.slice(0, 4)}-${maskChar.repeat(2)}-${maskChar.repeat(2)}`;
  }
}
