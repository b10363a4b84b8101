/** Command-line helpers shared by the benchmarks: one error type for bad arguments, and whole-number options. */
import { parseArgs } from "node:util";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

/** A command line the benchmark does not understand; the message ends with the usage. */
export class BenchArgsError extends Error {}

type OptionSpecs = Record<string, { type: "string" } | { type: "boolean" }>;

/**
 * The options' values, strictly (no positionals, nothing undeclared); anything else is a BenchArgsError whose message
 * ends with the usage.
 */
export function parseOptions<const T extends OptionSpecs>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new BenchArgsError(`${error instanceof Error ? error.message : error}\n${usage}`);
  }
}

/** A whole number in [1, max] (underscores allowed as separators), or the fallback when the option is absent. */
export function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.replaceAll("_", ""))) throw new BenchArgsError(`--${name} must be a positive whole number`);
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new BenchArgsError(`--${name} must be between 1 and ${max}`);
  return n;
}

/** Formats a count with thousands separators. */
export function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU seconds (user and system) a process has used so far, from /proc/<pid>/stat: Linux only, and for a database
 * server only when it runs on this machine. Undefined where it cannot be read; the benchmarks then leave it out.
 */
export function processCpuSeconds(pid: number | "self"): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}
