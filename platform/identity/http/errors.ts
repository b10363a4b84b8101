/** Identity errors as problem details. */
import { ProblemError } from "../../http/problem.ts";
import { ApiKeyRequestError } from "../api-keys.ts";
import { IdentityRequestError } from "../users.ts";

export function identityErrorToProblem(error: unknown): unknown {
  if (error instanceof IdentityRequestError) {
    return new ProblemError(error.status, error.message, [{ field: error.field, message: error.message }]);
  }
  if (error instanceof ApiKeyRequestError) {
    return new ProblemError(422, error.message, [{ field: error.field, message: error.message }]);
  }
  return error;
}
