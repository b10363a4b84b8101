/**
 * The store owner's invitation token, kept encrypted under the district's data key so the applicant's status page
 * can show the link again until it is used, while the database holds no usable link in clear.
 *
 * FieldCipher encrypts values of the personal-information types only. The token is sealed as the free-text type
 * ("address"), whose validation leaves a token unchanged; the round trip is checked on sealing, and opening insists
 * on that type, so a value from any other column is refused.
 */
import type { FieldCipher } from "../../privacy/pii.ts";

const SEAL_TYPE = "address";

export async function sealInvitationToken(cipher: FieldCipher, token: string): Promise<string> {
  const sealed = await cipher.encrypt(SEAL_TYPE, token);
  if (await cipher.decrypt(sealed, SEAL_TYPE) !== token) {
    throw new Error("the invitation token does not survive encryption unchanged");
  }
  return sealed;
}

export function openInvitationToken(cipher: FieldCipher, sealed: string): Promise<string> {
  return cipher.decrypt(sealed, SEAL_TYPE);
}

export function invitationPagePath(token: string): string {
  return `/invite/${token}`;
}
