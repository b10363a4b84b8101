/** Test helpers: a validator accepted a value and normalised it, or refused it with a message that says why. */
import assert from "node:assert/strict";
import type { ValidationResult } from "../pii-types.ts";

export function assertAccepted(result: ValidationResult, normalised: string): void {
  assert.deepEqual(result, { ok: true, value: normalised });
}

export function assertRefused(result: ValidationResult, reason: RegExp): void {
  assert.equal(result.ok, false, `expected a refusal matching ${reason}, got ${JSON.stringify(result)}`);
  if (!result.ok) assert.match(result.message, reason);
}
