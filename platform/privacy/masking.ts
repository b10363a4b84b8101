/**
 * Masking for display (脱敏): one rule per kind of personal information, tuned per tenant by a MaskConfig.
 * The value is normalised first, so 苏C·12345 and 苏c12345 mask alike; a value that does not validate (old data,
 * a typo kept from an import) is hidden entirely rather than guessed at.
 */
import { validate } from "./identifiers.ts";
import type { PiiType } from "./pii-types.ts";
import { findAddressLevels } from "./masking/address-levels.ts";
import { DEFAULT_MASK_CONFIG, type MaskConfig } from "./masking/mask-config.ts";
import { maskName } from "./masking/mask-name.ts";
import { maskSpan } from "./masking/mask-span.ts";

export {
  ADDRESS_LEVELS,
  type AddressLevel,
  DEFAULT_MASK_CONFIG,
  type MaskConfig,
  MaskConfigError,
  type MaskConfigInput,
  maskConfigSchema,
  parseMaskConfig,
} from "./masking/mask-config.ts";

/** Stands in for a part whose length should not show (an address's street, an email's mailbox name). */
const FIXED_MASK_LENGTH = 4;

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

export function maskValue(type: PiiType, value: string, config: MaskConfig = DEFAULT_MASK_CONFIG): string {
  const { maskChar } = config;
  const result = validate(type, value);
  if (!result.ok) return maskChar.repeat(FIXED_MASK_LENGTH);
  const normal = result.value;
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
  }
}
