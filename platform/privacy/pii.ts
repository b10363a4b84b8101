/**
 * The personal-information toolkit in one import: validate and normalise, mask for display, reveal with
 * permission and audit, and encrypt, index and pseudonymise per tenant. Consent, retention and data-subject
 * requests live beside it in their own modules.
 */
export {
  normalise,
  PII_LABELS,
  PII_TYPES,
  piiSchema,
  type PiiType,
  PiiValidationError,
  validate,
  type ValidationResult,
} from "./identifiers.ts";
export { isPiiType } from "./pii-types.ts";
export {
  ADDRESS_LEVELS,
  type AddressLevel,
  DEFAULT_MASK_CONFIG,
  type MaskConfig,
  MaskConfigError,
  type MaskConfigInput,
  maskConfigSchema,
  maskValue,
  parseMaskConfig,
} from "./masking.ts";
export { maskConfigOf, type MaskSettings, maskSettingsOf, setMaskConfig } from "./mask-settings.ts";
export {
  canReveal,
  reveal,
  REVEAL_AUDIT_ACTION,
  revealPermission,
  type RevealRequest,
  RevealRequestError,
  type RevealResult,
} from "./reveal.ts";
export { generateMasterKeyEntry, MasterKeyError, MasterKeyRing, parseMasterKeys } from "./encryption/master-keys.ts";
export {
  DEV_MASTER_KEY_FILE,
  loadMasterKeys,
  loadOrCreateDevMasterKeys,
  type MasterKeySource,
} from "./encryption/dev-master-keys.ts";
export { TenantKeyError, TenantKeyStore, type TenantKeyStoreOptions } from "./encryption/tenant-keys.ts";
export { FieldCipher } from "./encryption/field-cipher.ts";
export { CiphertextError } from "./encryption/ciphertext-format.ts";
export { KeyUnwrapError } from "./encryption/key-wrap.ts";
export { PseudonymError } from "./encryption/pseudonym.ts";
export { type RewrapReport, rewrapTenantKeys } from "./encryption/key-rotation.ts";
