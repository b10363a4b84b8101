/**
 * The purposes a subject can consent to. The core knows three; plugins add theirs (e.g. a parking plugin's
 * reservation reminders) so every use of personal data beyond the service itself has a named purpose that
 * consent is checked against (PIPL art. 14: consent is given per purpose, GB/T 35273 §5.4).
 */

export interface ConsentPurpose {
  /** Lower-case, stable, stored in consent rows: "marketing", "parking.reservation_reminders". */
  id: string;
  name: { zh: string; en: string };
  /** What the data is used for, shown to the subject when asking. */
  description?: { zh: string; en: string };
}

export class UnknownConsentPurposeError extends Error {
  constructor(readonly purpose: string) {
    super(`consent purpose "${purpose}" is not registered`);
    this.name = "UnknownConsentPurposeError";
  }
}

const PURPOSE_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export class ConsentPurposeRegistry {
  #purposes = new Map<string, ConsentPurpose>();

  register(purpose: ConsentPurpose): void {
    if (!PURPOSE_ID.test(purpose.id) || purpose.id.length > 64) {
      throw new Error(
        `consent purpose id "${purpose.id}" must be lower-case words joined by "_" or ".", at most 64 characters`,
      );
    }
    if (this.#purposes.has(purpose.id)) {
      throw new Error(`consent purpose "${purpose.id}" is registered twice`);
    }
    this.#purposes.set(purpose.id, purpose);
  }

  has(id: string): boolean {
    return this.#purposes.has(id);
  }

  /** The purpose, or UnknownConsentPurposeError: a typo in a purpose must fail loudly, not read as "no consent". */
  get(id: string): ConsentPurpose {
    const purpose = this.#purposes.get(id);
    if (!purpose) throw new UnknownConsentPurposeError(id);
    return purpose;
  }

  list(): ConsentPurpose[] {
    return [...this.#purposes.values()];
  }
}

export const CORE_CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  {
    id: "marketing",
    name: { zh: "精准营销", en: "Precision marketing" },
    description: {
      zh: "根据您的偏好和消费记录推送个性化优惠信息",
      en: "Personalised offers based on your preferences and purchases",
    },
  },
  {
    id: "location_push",
    name: { zh: "基于位置的推送", en: "Location-based push" },
    description: {
      zh: "根据您在商圈内的位置推送附近商户的优惠信息",
      en: "Offers from nearby stores based on where you are in the district",
    },
  },
  {
    id: "partner_sharing",
    name: { zh: "与合作方共享数据", en: "Data sharing with partners" },
    description: {
      zh: "将您的信息提供给商圈合作方用于其服务",
      en: "Providing your information to the district's partners for their services",
    },
  },
];

export function createConsentPurposeRegistry(): ConsentPurposeRegistry {
  const registry = new ConsentPurposeRegistry();
  for (const purpose of CORE_CONSENT_PURPOSES) registry.register(purpose);
  return registry;
}

/** The platform's registry: the core purposes, plus what plugins register when they load. */
export const consentPurposes: ConsentPurposeRegistry = createConsentPurposeRegistry();
