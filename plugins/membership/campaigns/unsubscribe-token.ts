/**
 * The unsubscribe link in an SMS (回T退订 as a link): a token that names the member and carries the district's keyed
 * MAC of it (80 bits of HMAC-SHA256 with the district's pseudonym key), so it works without signing in, cannot be
 * made for another member, and opens nothing in another district.
 */
import type { FieldCipher } from "../../../platform/sdk.ts";

const SCOPE = "unsubscribe-link";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function macOf(cipher: FieldCipher, memberId: string): Promise<string> {
  return (await cipher.pseudonym(memberId, SCOPE)).replace(/^p_/, "").toLowerCase();
}

export async function unsubscribeToken(cipher: FieldCipher, memberId: string): Promise<string> {
  return `${memberId}.${await macOf(cipher, memberId)}`;
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** The member the token was made for, or undefined for a token this district did not make. */
export async function memberOfUnsubscribeToken(cipher: FieldCipher, token: string): Promise<string | undefined> {
  const [memberId, mac, ...rest] = token.split(".");
  if (rest.length || !memberId || !mac || !UUID.test(memberId)) return undefined;
  return sameText(mac, await macOf(cipher, memberId)) ? memberId : undefined;
}
