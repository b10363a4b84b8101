/**
 * Text messages to members (verification codes, service notices). A district sends through its SMS gateway: the
 * address and credential in the plugin's settings, else the platform's (MEMBERSHIP_SMS_URL, MEMBERSHIP_SMS_TOKEN).
 * With neither, the console sender writes the message to the log — what a developer needs to sign in locally, and
 * loud enough (a warning) that a server without a gateway is noticed.
 *
 * The gateway contract is deliberately small, so any carrier's API sits behind a thin adapter of the district's:
 * POST JSON { mobile, template, params, signature } with `Authorization: Bearer <credential>`, answered 2xx with
 * JSON { id }.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipCtx } from "../context.ts";
import { membersSettings } from "./config.ts";

export interface SmsMessage {
  tenantId: string;
  mobile: string;
  /** The carrier-registered template, e.g. "member-code"; its words live at the gateway. */
  template: string;
  params: Record<string, string>;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<{ id: string }>;
}

const GATEWAY_TIMEOUT_MS = 5_000;

/** Thrown when the gateway refused or did not answer; routes answer 502 so the member can try again. */
export class SmsNotSent extends ProblemError {
  constructor(why: string) {
    super(502, `The text message could not be sent (${why}); please try again shortly.`);
  }
}

export function consoleSmsSender(log: MembershipCtx["log"], mask: (mobile: string) => string): SmsSender {
  return {
    send(message) {
      const id = `console-${crypto.randomUUID()}`;
      log.warn("membership: no SMS gateway is set; the message was only logged", {
        id,
        mobile: mask(message.mobile),
        template: message.template,
        params: message.params,
      });
      return Promise.resolve({ id });
    },
  };
}

export function httpSmsSender(gateway: { url: string; token: string; signature: string }): SmsSender {
  return {
    async send(message) {
      let res: Response;
      try {
        res = await fetch(gateway.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}),
          },
          body: JSON.stringify({
            mobile: message.mobile,
            template: message.template,
            params: message.params,
            signature: gateway.signature,
          }),
          signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
        });
      } catch (error) {
        throw new SmsNotSent(
          error instanceof DOMException && error.name === "TimeoutError" ? "timed out" : "unreachable",
        );
      }
      const body = await res.json().catch(() => undefined) as { id?: unknown } | undefined;
      if (!res.ok) throw new SmsNotSent(`gateway answered ${res.status}`);
      return { id: typeof body?.id === "string" ? body.id.slice(0, 100) : `http-${res.status}` };
    },
  };
}

function platformGateway(): { url: string; token: string } | undefined {
  try {
    const url = Deno.env.get("MEMBERSHIP_SMS_URL");
    return url ? { url, token: Deno.env.get("MEMBERSHIP_SMS_TOKEN") ?? "" } : undefined;
  } catch {
    // Without --allow-env there is no platform gateway to find.
    return undefined;
  }
}

/** The district's sender: its own gateway, else the platform's, else the log. */
export function smsSenderFor(ctx: MembershipCtx): SmsSender {
  const settings = membersSettings.parse(ctx.config ?? {});
  const gateway = settings.membersSmsGatewayUrl
    ? { url: settings.membersSmsGatewayUrl, token: settings.membersSmsGatewayToken }
    : platformGateway();
  if (gateway) return httpSmsSender({ ...gateway, signature: settings.membersSmsSignature });
  return consoleSmsSender(ctx.log, (mobile) => ctx.privacy.mask("phone", mobile));
}
