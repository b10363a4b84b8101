/**
 * The applicant's status token: a scoped token naming the district and the application, so the public status
 * page finds the row inside that district alone. Only the SHA-256 of its secret is stored.
 */
import { makeScopedToken, parseScopedToken, sameHash, sha256 } from "../tokens.ts";

const PREFIX = "sap";

export function makeStatusToken(tenantId: string, applicationId: string): { token: string; hash: string } {
  const { token, secret } = makeScopedToken(PREFIX, tenantId, applicationId);
  return { token, hash: sha256(secret) };
}

export function parseStatusToken(token: string) {
  return parseScopedToken(PREFIX, token);
}

export function statusTokenMatches(storedHash: string, secret: string): boolean {
  return sameHash(storedHash, sha256(secret));
}

/** Where the applicant follows the application in a browser. */
export function statusPagePath(token: string): string {
  return `/apply/status/${token}`;
}
