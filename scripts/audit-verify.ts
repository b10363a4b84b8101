/**
 * Verifies the audit hash chains and their signed checkpoints, printing one line per chain.
 *
 *   deno run -A scripts/audit-verify.ts [--tenant <slug|all>] [--public-key <base64 SPKI>]… [config flags]
 *
 * --tenant all (the default) checks the platform chain and every tenant's; --tenant <slug> one tenant's.
 * Checkpoint signatures are checked with --public-key (repeatable: what an auditor or bureau holds), else with
 * the public half of AUDIT_SIGNING_KEY, else with the development key in DATA_DIR; with none, only the signed
 * heads are compared. The database is chosen as everywhere else: DATABASE_URL, or the embedded one in DATA_DIR
 * (flags --database-url, --data-dir).
 *
 * Exit status: 0 every chain intact; 1 a chain is broken (its line names the first broken link); 2 a usage,
 * configuration or database problem.
 */
import { type Config, ConfigError, configHelp, loadConfig } from "../platform/config.ts";
import { openDatabase } from "../platform/db/database.ts";
import { withPlatform, withTenant } from "../platform/db/tenant.ts";
import { type AuditPublicKey, parsePublicKey } from "../platform/audit/signing-key.ts";
import { verifyKeyFromConfig } from "../platform/audit/signing-key-config.ts";
import { verifyChain, type VerifyChainResult } from "../platform/audit/verify.ts";

const USAGE = "Usage: deno run -A scripts/audit-verify.ts [--tenant <slug|all>] [--public-key <base64 SPKI>]…";
const ACCESS = { actor: "system:audit-verify", purpose: "verify audit chains" };

class UsageError extends Error {}

interface Options {
  tenant: string;
  publicKeys: string[];
  /** Everything else: the platform's configuration flags. */
  configArgs: string[];
}

function parseOwnArgs(args: string[]): Options {
  const options: Options = { tenant: "all", publicKeys: [], configArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") throw new UsageError(`${USAGE}\n${configHelp()}`);
    if (flag !== "--tenant" && flag !== "--public-key") {
      options.configArgs.push(args[i]);
      continue;
    }
    const value = inline ?? args[++i];
    if (!value) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    if (flag === "--tenant") options.tenant = value;
    else options.publicKeys.push(value);
  }
  return options;
}

async function embeddedDatabaseExists(dataDir: string): Promise<boolean> {
  try {
    await Deno.stat(`${dataDir}/PG_VERSION`);
    return true;
  } catch {
    return false;
  }
}

function describe(result: VerifyChainResult): string {
  if (result.firstBroken) {
    const { seq, reason, detail } = result.firstBroken;
    return `seq ${seq}: ${reason} — ${detail}`;
  }
  const checkpoints = result.checkpoints ? `, ${result.checkpoints} checkpoints` : "";
  return `${result.checked} entries${checkpoints}, head ${result.head.hash.slice(0, 12)}…`;
}

async function run(): Promise<number> {
  const options = parseOwnArgs(Deno.args);
  const config: Config = loadConfig(Deno.env.toObject(), options.configArgs);
  const publicKeys: AuditPublicKey[] | undefined = options.publicKeys.length
    ? await Promise.all(options.publicKeys.map(parsePublicKey))
    : await verifyKeyFromConfig(config, Deno.env.get("AUDIT_SIGNING_KEY")).then((key) => key && [key]);
  if (!config.DATABASE_URL && !await embeddedDatabaseExists(config.DATA_DIR)) {
    throw new UsageError(`no embedded database in ${config.DATA_DIR} (set DATA_DIR or DATABASE_URL)`);
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    const tenants = await withPlatform(
      database.db,
      ACCESS,
      (tx) => tx.selectFrom("core.tenants").select(["id", "slug"]).orderBy("slug").execute(),
    );
    const chosen = options.tenant === "all" ? tenants : tenants.filter((t) => t.slug === options.tenant);
    if (chosen.length === 0 && options.tenant !== "all") throw new UsageError(`no tenant "${options.tenant}"`);
    const width = Math.max("platform".length, ...chosen.map((t) => t.slug.length));
    let broken: string | undefined;
    const report = (name: string, result: VerifyChainResult) => {
      console.log(`${result.ok ? "ok    " : "BROKEN"}  ${name.padEnd(width)}  ${describe(result)}`);
      if (!result.ok && !broken) broken = `${name} at seq ${result.firstBroken!.seq} (${result.firstBroken!.reason})`;
    };
    if (options.tenant === "all") {
      report("platform", await withPlatform(database.db, ACCESS, (tx) => verifyChain(tx, { chain: "platform" })));
    }
    for (const tenant of chosen) {
      report(tenant.slug, await withTenant(database.db, tenant.id, (tx) => verifyChain(tx, { publicKeys })));
    }
    if (!publicKeys) {
      console.error(
        "note: checkpoint signatures were not checked (no key: pass --public-key or set AUDIT_SIGNING_KEY)",
      );
    }
    if (broken) {
      console.error(`audit chain broken: ${broken}`);
      return 1;
    }
    return 0;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await run());
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(`audit-verify failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    Deno.exit(2);
  }
}
