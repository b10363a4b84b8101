/** Structured logs: one JSON object per line on stdout, so any log shipper can read them. */
export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => console.log(line);

export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  sink: LogSink = stdoutSink,
): Logger {
  const write = (
    at: LogLevel,
    msg: string,
    fields?: Record<string, unknown>,
  ) => {
    if (ORDER[at] < ORDER[level]) return;
    sink(
      JSON.stringify({
        time: new Date().toISOString(),
        level: at,
        msg,
        ...base,
        ...fields,
      }, errorReplacer),
    );
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** A logger that keeps lines in memory, for tests that assert what was logged. */
export function memoryLogger(
  level: LogLevel = "debug",
): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    level,
    {},
    (line) => lines.push(JSON.parse(line)),
  );
  return Object.assign(logger, { lines });
}
