/**
 * Masking for display (脱敏): one rule per kind of personal information, tuned per tenant by a MaskConfig.
 * The value is normalised first, so 苏C·12345 and 苏c12345 mask alike; a value that does not validate (old data,
 * a typo kept from an import) is hidden entirely rather than guessed at.
 */
import { validate } from "./identifiers.ts";
import type { PiiType } from "./pii-types.ts";
import { DEFAULT_MASK_CONFIG, type MaskConfig } from "./masking/mask-config.ts";
import { FIXED_MASK_LENGTH, maskNormalised } from "./masking/mask-normalised.ts";

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

export function maskValue(type: PiiType, value: string, config: MaskConfig = DEFAULT_MASK_CONFIG): string {
  const result = validate(type, value);
  if (!result.ok) return config.maskChar.repeat(FIXED_MASK_LENGTH);
  return maskNormalised(type, result.value, config);
}
