/**
 * WeChat template messages (模板消息). Sending goes through the district's own WeChat gateway — the service that holds
 * the official account's credentials and knows which WeChat user opened which member card — so the platform keeps
 * no openid and no app secret. The sender is an interface; the HTTP one posts a signed JSON request per message.
 *
 * The request: `POST <campaignsWechatUrl>` with `{ templateId, memberNo, title, body, url }`, headers
 * `Idempotency-Key` (campaign:member:channel, so a gateway can drop a repeat), `X-Signature-Timestamp` (unix
 * seconds) and `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with campaignsWechatSecret>`.
 * The answer: 2xx with `{ id }` (or WeChat's `msgid`); anything else is a failure with the gateway's words.
 */
import type { MembershipCtx } from "../context.ts";

export interface WechatMessage {
  tenantId: string;
  /** The card number; the gateway finds the WeChat user who bound this card. */
  memberNo: string;
  title: string;
  body: string;
  /** Where tapping the message leads (the member's inbox page). */
  url: string;
  idempotencyKey: string;
}

export interface WechatSender {
  send(message: WechatMessage): Promise<{ id: string }>;
}

const TIMEOUT_MS = 10_000;

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class HttpWechatSender implements WechatSender {
  constructor(private readonly settings: { url: string; secret: string; templateId: string }) {}

  async send(message: WechatMessage): Promise<{ id: string }> {
    const body = JSON.stringify({
      templateId: this.settings.templateId,
      memberNo: message.memberNo,
      title: message.title,
      body: message.body,
      url: message.url,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.settings.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": message.idempotencyKey,
        "x-signature-timestamp": timestamp,
        "x-signature": `sha256=${await hmacHex(this.settings.secret, `${timestamp}.${body}`)}`,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`WeChat gateway answered ${res.status}: ${text.slice(0, 200)}`);
    let answer: { id?: unknown; msgid?: unknown } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error("WeChat gateway answered without JSON");
    }
    const id = answer.id ?? answer.msgid;
    if (typeof id !== "string" && typeof id !== "number") throw new Error("WeChat gateway answered without an id");
    return { id: String(id) };
  }
}

/** The district's WeChat sender, or undefined when the district has not configured a gateway. */
export function wechatSenderFor(ctx: Pick<MembershipCtx, "config">): WechatSender | undefined {
  const { campaignsWechatUrl: url, campaignsWechatSecret: secret, campaignsWechatTemplateId: templateId } = ctx.config;
  return url ? new HttpWechatSender({ url, secret, templateId }) : undefined;
}
