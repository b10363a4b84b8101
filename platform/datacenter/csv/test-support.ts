/** Helpers of the CSV tests: recent days in the district's time zone, and raw bodies sent as a signed-in person. */
import type { TestClient } from "../../../tests/support/http.ts";
import type { DatacenterSetup } from "../test-helpers.ts";

/** The calendar day `n` days before today in Asia/Shanghai, "YYYY-MM-DD" (recent: within every retention period). */
export function daysAgo(n: number, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
}

/** Posts a CSV file as the client's person (cookie and CSRF token), as the import page does. */
export async function postCsv(
  t: DatacenterSetup,
  client: TestClient,
  type: string,
  body: string | Uint8Array<ArrayBuffer>,
  contentType = "text/csv",
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": contentType };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrf) headers["x-csrf-token"] = client.csrf;
  return await t.app.request(`/api/v1/events/csv?type=${type}`, { method: "POST", headers, body });
}

export function fieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field);
}
