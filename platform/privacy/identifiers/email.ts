/**
 * Email addresses in the form people actually use (no quoted local parts or IP-literal domains, which mail
 * providers in China do not hand out). The whole address is lower-cased: providers such as QQ Mail and 163 treat
 * case as insignificant, and one person must get one blind index. Internationalised domains (例子.中国) are
 * stored in their xn-- form.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { foldWidth } from "./text.ts";

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_LENGTH = 254;

function asciiDomain(domain: string): string | undefined {
  if (/^[\x21-\x7e]*$/.test(domain)) return domain;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
}

export function validateEmail(raw: string): ValidationResult {
  const text = foldWidth(raw).trim().toLowerCase();
  if (text === "") return invalid("email address is empty");
  if (/\s/u.test(text)) return invalid("email address must not contain spaces");
  const at = text.split("@");
  if (at.length !== 2) return invalid("email address must contain exactly one @");
  const [local, rawDomain] = at;
  if (local === "") return invalid("email address needs a name before the @");
  if (local.length > 64) return invalid("the part before the @ may have at most 64 characters");
  if (!LOCAL.test(local)) {
    return invalid("the part before the @ may contain letters, digits and . _ + -, with no dot at either end");
  }
  if (rawDomain === "") return invalid("email address needs a domain after the @, such as qq.com");
  const domain = asciiDomain(rawDomain);
  if (domain === undefined) return invalid("the domain after the @ is not a valid domain name");
  const labels = domain.split(".");
  if (labels.length < 2) return invalid("the domain after the @ needs a dot, such as 163.com");
  if (!labels.every((label) => LABEL.test(label))) {
    return invalid("the domain after the @ may contain letters, digits and hyphens between dots");
  }
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels.at(-1)!)) {
    return invalid("the domain after the @ must end in a top-level domain such as .cn or .com");
  }
  const address = `${local}@${domain}`;
  if (address.length > MAX_LENGTH) return invalid(`email address may have at most ${MAX_LENGTH} characters`);
  return valid(address);
}
