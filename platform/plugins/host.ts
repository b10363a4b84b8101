/**
 * The plugin host: validates the installed plugins at boot, and from then on owns everything the platform does
 * for them — their events and handlers, their jobs and schedules, their migrations, their routes under
 * /api/v1/plugins/<id>, and per-district enablement. A plugin that fails is counted and contained: its route
 * answers 500, its handler is retried, other plugins and districts go on.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { CORE_EVENTS } from "../events/catalogue.ts";
import { createEventDeliveryJob, type EventDeliveryInput } from "../events/delivery-job.ts";
import { EventRegistry } from "../events/registry.ts";
import { createRouter } from "../http/router.ts";
import { errorResponse } from "../http/error-response.ts";
import { problemResponse } from "../http/problem.ts";
import type { AppEnv } from "../http/request-context.ts";
import type { Role } from "../identity/permissions.ts";
import { defineJob, type JobDefinition, schedule, type ScheduleDefinition } from "../jobs/define.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import type { TenantKeyStore } from "../privacy/encryption/tenant-keys.ts";
import { CORE_VERSION } from "../version.ts";
import { disablePlugin, enablePlugin, pluginStates } from "./enablement.ts";
import { buildPluginContext } from "./plugin-context.ts";
import { PluginMetrics } from "./plugin-metrics.ts";
import type { AnyPlugin, PluginContext, PluginRouter } from "./types.ts";
import { dependencyOrder, validatePlugins } from "./validate.ts";
import { registerPluginPrivacy } from "./privacy-registration.ts";
import { ingestTypes } from "../datacenter/core-types.ts";

export interface PluginHostDeps {
  db: Kysely<CoreDatabase>;
  keys: TenantKeyStore;
  log: Logger;
  /** Event deliveries: attempts before a dead letter, and the first retry delay. */
  delivery?: { attempts?: number; backoffMs?: number };
}

const PUBLIC_DISTRICT = /^\/api\/v1\/plugins\/[a-z0-9-]+\/public\/([a-z0-9][a-z0-9-]{1,62})(\/|$)/;
const SLUG_CACHE_MS = 60_000;
const MAX_CACHED_SLUGS = 1000;

export class PluginHost {
  readonly plugins: AnyPlugin[];
  readonly events = new EventRegistry();
  readonly metrics = new PluginMetrics();
  readonly deliveryJob: JobDefinition<EventDeliveryInput>;
  #deps: PluginHostDeps;
  #jobs = new Map<string, JobDefinition<unknown>>();
  #schedules: ScheduleDefinition[] = [];
  #runner: JobRunner | undefined;
  #slugs = new Map<string, { tenantId: string | undefined; at: number }>();
  /** Called after a district enables or disables a plugin (the boot re-plans schedules). */
  onChange: (tenantId: string) => Promise<void> = () => Promise.resolve();

  constructor(plugins: readonly AnyPlugin[], deps: PluginHostDeps, coreVersion = CORE_VERSION) {
    validatePlugins(plugins, coreVersion, CORE_EVENTS.map((e) => e.type));
    this.plugins = dependencyOrder(plugins);
    this.#deps = deps;
    registerPluginPrivacy(this.plugins);
    // Once per process, like the privacy registrations: several hosts in one process (tests) bring the same objects.
    for (const plugin of this.plugins) {
      for (const type of plugin.ingestTypes ?? []) ingestTypes.register(type, plugin.id);
    }
    for (const event of CORE_EVENTS) this.events.defineEvent(event);
    for (const plugin of this.plugins) {
      for (const event of plugin.events ?? []) this.events.defineEvent(event, `plugin ${plugin.id}`);
    }
    for (const plugin of this.plugins) {
      for (const handler of plugin.handlers ?? []) {
        this.events.subscribe({
          id: `${plugin.id}:${handler.name}`,
          pluginId: plugin.id,
          eventType: handler.event.type,
          handle: (event, context) => handler.handle(context as PluginContext<unknown, unknown>, event as never),
        });
      }
      this.#wrapJobs(plugin);
    }
    this.deliveryJob = createEventDeliveryJob({
      ...deps.delivery,
      registry: this.events,
      deliver: async (handlerId, event, job) => {
        const handler = this.events.handler(handlerId);
        if (!handler) throw new Error(`no handler ${handlerId} is installed`);
        const context = await this.contextFor(handler.pluginId, event.tenantId, `plugin:${handler.pluginId}`, job.log);
        if (!context) return false;
        try {
          await handler.handle(event, context);
          return true;
        } catch (error) {
          this.metrics.failed(handler.pluginId, "handler", error);
          throw error;
        }
      },
    });
  }

  #wrapJobs(plugin: AnyPlugin): void {
    for (const job of plugin.jobs ?? []) {
      const name = `${plugin.id}.${job.name}`;
      const wrapped = defineJob({
        name,
        input: job.input,
        perTenant: true,
        attempts: job.attempts,
        backoffMs: job.backoffMs,
        run: async (ctx, input) => {
          const context = await this.contextFor(plugin.id, ctx.tenantId!, `plugin:${plugin.id}`, ctx.log);
          if (!context) {
            ctx.log.info("skipped: the plugin is not enabled for this district");
            return "skipped: plugin not enabled";
          }
          try {
            return await job.run({ ...context, attempt: ctx.attempt, jobId: ctx.jobId }, input as never);
          } catch (error) {
            this.metrics.failed(plugin.id, "job", error);
            throw error;
          }
        },
      });
      this.#jobs.set(name, wrapped as JobDefinition<unknown>);
    }
    for (const s of plugin.schedules ?? []) {
      const job = this.#jobs.get(`${plugin.id}.${s.job}`)!;
      this.#schedules.push({ ...schedule(job, s.cron, { input: s.input, perTenant: true }), pluginId: plugin.id });
    }
  }

  /** The job runner the contexts enqueue on; set once it exists (it needs this host's job definitions first). */
  attach(runner: JobRunner): void {
    this.#runner = runner;
  }

  jobDefinitions(): JobDefinition<unknown>[] {
    return [...this.#jobs.values(), this.deliveryJob as JobDefinition<unknown>];
  }

  schedules(): ScheduleDefinition[] {
    return [...this.#schedules];
  }

  /** Permissions plugins define, by role: merged with the core's when a principal is resolved. */
  grants(): Partial<Record<Role, string[]>> {
    const byRole: Partial<Record<Role, string[]>> = {};
    for (const plugin of this.plugins) {
      for (const [permission, grant] of Object.entries(plugin.grants ?? {})) {
        for (const role of grant.roles) (byRole[role] ??= []).push(permission);
      }
    }
    return byRole;
  }

  /** Plugin permissions an API key may carry (grants marked `apiKeys`), with what they allow. */
  apiKeyPermissions(): { permission: string; description: string }[] {
    return this.plugins.flatMap((plugin) =>
      Object.entries(plugin.grants ?? {}).filter(([, grant]) => grant.apiKeys)
        .map(([permission, grant]) => ({ permission, description: grant.description }))
    );
  }

  /** The plugin's context for a district, or undefined when the district has not enabled it. */
  async contextFor(pluginId: string, tenantId: string, actor: string, log?: Logger) {
    const plugin = this.plugins.find((p) => p.id === pluginId);
    if (!plugin) return undefined;
    const row = await withTenant(
      this.#deps.db,
      tenantId,
      (tx) =>
        tx.selectFrom("core.tenant_plugins").select(["enabled", "config"]).where("plugin_id", "=", pluginId)
          .executeTakeFirst(),
    );
    if (!row?.enabled) return undefined;
    const config = plugin.config ? plugin.config.parse(row.config ?? {}) : {};
    return buildPluginContext(
      {
        ...this.#deps,
        jobs: () => {
          if (!this.#runner) throw new Error("the plugin host has no job runner attached");
          return this.#runner;
        },
        jobNamed: (name) => this.#jobs.get(name),
      },
      plugin,
      tenantId,
      config,
      actor,
      log,
    );
  }

  states(tenantId: string) {
    return pluginStates(this.#deps.db, tenantId, this.plugins);
  }

  async enable(request: { tenantId: string; pluginId: string; config?: unknown; actor: string }) {
    const config = await enablePlugin(this.#deps.db, this.plugins, request);
    await this.onChange(request.tenantId);
    return config;
  }

  async disable(request: { tenantId: string; pluginId: string; actor: string }) {
    await disablePlugin(this.#deps.db, this.plugins, request);
    await this.onChange(request.tenantId);
  }

  /** The active district with this slug (public routes and consumer pages), cached for a minute. */
  async districtBySlug(slug: string): Promise<string | undefined> {
    const cached = this.#slugs.get(slug);
    if (cached && Date.now() - cached.at < SLUG_CACHE_MS) return cached.tenantId;
    const row = await withPlatform(
      this.#deps.db,
      { actor: "public:plugin-page", purpose: "find a district by slug" },
      (tx) =>
        tx.selectFrom("core.tenants").select("id").where("slug", "=", slug).where("status", "=", "active")
          .executeTakeFirst(),
    );
    // Anyone can ask for any slug on public pages: keep the cache bounded.
    if (this.#slugs.size >= MAX_CACHED_SLUGS) this.#slugs.clear();
    this.#slugs.set(slug, { tenantId: row?.id, at: Date.now() });
    return row?.id;
  }

  /**
   * Mounts each plugin's routes at /api/v1/plugins/<id>. The district comes from the principal, or for
   * /public/<district slug>/… routes (consumer pages) from the path; a district that has not enabled the
   * plugin gets 404, as if the plugin were not installed.
   */
  mountRoutes(app: OpenAPIHono<AppEnv>): void {
    for (const plugin of this.plugins) {
      if (!plugin.routes) continue;
      const router = createRouter() as unknown as PluginRouter;
      router.use("*", async (c, next) => {
        const principal = c.get("principal");
        const publicSlug = PUBLIC_DISTRICT.exec(new URL(c.req.url).pathname)?.[1];
        const tenantId = publicSlug ? await this.districtBySlug(publicSlug) : principal?.tenantId;
        if (!tenantId) {
          return publicSlug || principal
            ? problemResponse(c, 404, `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`)
            : problemResponse(c, 401, "Sign in first.");
        }
        const context = await this.contextFor(plugin.id, tenantId, principal?.actor ?? "public", c.get("log"));
        if (!context) return problemResponse(c, 404, `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`);
        c.set("plugin", context);
        await next();
      });
      router.onError((error, c) =>
        errorResponse(error, c, c.get("log") ?? this.#deps.log, (e) => this.metrics.failed(plugin.id, "route", e))
      );
      plugin.routes(router);
      app.route(`/api/v1/plugins/${plugin.id}`, router as unknown as OpenAPIHono<AppEnv>);
    }
  }
}
