/** A test client for the app that keeps the session cookie and sends the CSRF token, like a browser would. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../platform/http/request-context.ts";

export class TestClient {
  cookie?: string;
  csrf?: string;

  constructor(private app: OpenAPIHono<AppEnv>, private bearer?: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const sent: Record<string, string> = { ...headers };
    if (body !== undefined) sent["content-type"] = "application/json";
    if (this.cookie) sent.cookie = this.cookie;
    if (this.csrf && method !== "GET") sent["x-csrf-token"] = this.csrf;
    if (this.bearer) sent.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.request(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const value = /district_session=([^;]*)/.exec(setCookie)?.[1];
      this.cookie = value ? `district_session=${value}` : undefined;
    }
    return res;
  }

  async signIn(login: string, password: string, district?: string): Promise<Response> {
    const res = await this.request("POST", "/api/v1/auth/login", { login, password, district });
    if (res.status === 200) this.csrf = (await res.clone().json()).csrfToken;
    return res;
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});
  patch = (path: string, body?: unknown) => this.request("PATCH", path, body ?? {});
  delete = (path: string) => this.request("DELETE", path);
}
