/**
 * For tests: a real SMS gateway on a free 127.0.0.1 port that records what it receives, so tests read the code
 * a member would get from the message itself. `failWith` makes it answer an error status instead.
 */
export interface ReceivedSms {
  mobile: string;
  template: string;
  params: Record<string, string>;
  signature: string;
  authorization: string | null;
}

export interface TestGateway extends AsyncDisposable {
  url: string;
  received: ReceivedSms[];
  failWith?: number;
  /** The code of the latest message to the number. */
  codeFor(mobile: string): string;
}

export function startTestGateway(): TestGateway {
  const received: ReceivedSms[] = [];
  const gateway: Partial<TestGateway> = { received };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const body = await request.json();
    if (gateway.failWith) return new Response("busy", { status: gateway.failWith });
    received.push({ ...body, authorization: request.headers.get("authorization") });
    return Response.json({ id: `sms-${received.length}` });
  });
  return Object.assign(gateway, {
    url: `http://127.0.0.1:${server.addr.port}/send`,
    codeFor(mobile: string) {
      const message = received.findLast((m) => m.mobile === mobile);
      if (!message) throw new Error(`no SMS was sent to ${mobile}`);
      return message.params.code;
    },
    [Symbol.asyncDispose]: () => server.shutdown(),
  }) as TestGateway;
}
