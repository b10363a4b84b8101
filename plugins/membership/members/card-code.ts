/**
 * The member card's rotating code (动态会员码): the card number followed by six digits that change every 30 seconds,
 * an HMAC (as in TOTP, RFC 6238) of the card number and the time step under the member's own card secret. The
 * till accepts the current step and the one before, so a code read at the end of its step still works, and a
 * screenshot stops working within a minute. The card number in front lets the till find the member without a
 * lookup table; the six digits prove the card was shown just now.
 */
import { isMemberNo } from "./members.ts";

export const CARD_STEP_SECONDS = 30;
const OTP_DIGITS = 6;

export function cardStep(at: number = Date.now()): number {
  return Math.floor(at / 1000 / CARD_STEP_SECONDS);
}

function secretBytes(cardSecret: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(cardSecret), (c) => c.charCodeAt(0));
}

async function otp(cardSecret: string, memberNo: string, step: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    secretBytes(cardSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${memberNo}:${step}`)),
  );
  // RFC 4226 dynamic truncation.
  const offset = mac[mac.length - 1] & 0x0f;
  const value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(value % 10 ** OTP_DIGITS).padStart(OTP_DIGITS, "0");
}

/** The code the card shows now, and when the till stops accepting it (the end of the following step). */
export async function cardCode(
  member: { memberNo: string; cardSecret: string },
  at: number = Date.now(),
): Promise<{ code: string; expiresAt: Date }> {
  const step = cardStep(at);
  return {
    code: member.memberNo + await otp(member.cardSecret, member.memberNo, step),
    expiresAt: new Date((step + 2) * CARD_STEP_SECONDS * 1000),
  };
}

export type ParsedCardInput =
  | { kind: "code"; memberNo: string; otp: string }
  | { kind: "memberNo"; memberNo: string }
  | { kind: "invalid"; message: string };

/** What the till sent: a scanned code, a typed card number, or neither. Spaces and dashes are ignored. */
export function parseCardInput(raw: string): ParsedCardInput {
  const digits = raw.normalize("NFKC").replace(/[\s-]/g, "");
  if (!/^[0-9]+$/.test(digits)) return { kind: "invalid", message: "a member code has digits only" };
  if (digits.length === 12 + OTP_DIGITS && isMemberNo(digits.slice(0, 12))) {
    return { kind: "code", memberNo: digits.slice(0, 12), otp: digits.slice(12) };
  }
  if (digits.length === 12) {
    return isMemberNo(digits)
      ? { kind: "memberNo", memberNo: digits }
      : { kind: "invalid", message: "this card number's check digit is wrong; please check it" };
  }
  return { kind: "invalid", message: "scan the member's code, or type the 12-digit card number" };
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** True for the code of the current step or the one before; older codes (a screenshot) are refused. */
export async function isCurrentCardCode(
  member: { memberNo: string; cardSecret: string },
  givenOtp: string,
  at: number = Date.now(),
): Promise<boolean> {
  const step = cardStep(at);
  for (const candidate of [step, step - 1]) {
    if (sameText(await otp(member.cardSecret, member.memberNo, candidate), givenOtp)) return true;
  }
  return false;
}
