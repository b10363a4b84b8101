/**
 * PGlite keeps its files in one folder and must be opened by one process at a time; a second process (say
 * `deno task provision` while `npm start` runs) would corrupt it. A lock file with the owner's pid makes the
 * second process stop with a message instead. A lock left by a process that died is taken over.
 */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid} (is \`npm start\` running?). ` +
        "Stop that process first, or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "DataDirInUseError";
  }
}

function isAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  const path = `${dir}/.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      Deno.writeTextFileSync(path, String(Deno.pid), { createNew: true });
      return {
        release: () => {
          try {
            Deno.removeSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const owner = Number(Deno.readTextFileSync(path).trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirInUseError(dir, owner);
      Deno.removeSync(path);
    }
  }
  throw new Error(`could not lock ${dir}`);
}
