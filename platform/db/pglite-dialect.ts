/**
 * Kysely's PGlite dialect hands every caller the one PGlite connection at once, so two overlapping
 * transactions would interleave. This wrapper queues callers the way a pool of size one would, and turns the
 * classic mistake (a query issued on `db` while a transaction holds the connection) into a clear error instead
 * of a silent hang.
 */
import { type DatabaseConnection, type Driver, PGliteDialect, type PGliteDialectConfig } from "kysely";

const ACQUIRE_TIMEOUT_MS = 60_000;

class SerialDriver implements Driver {
  #inner: Driver;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(options?: Parameters<Driver["init"]>[0]): Promise<void> {
    return this.#inner.init(options);
  }

  async acquireConnection(
    options?: Parameters<Driver["acquireConnection"]>[0],
  ): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              "Waited 60 s for the embedded database: a query was probably issued on the database handle " +
                "while a transaction was open; pass the transaction handle down instead.",
            ),
          ),
        ACQUIRE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([previous, timeout]);
    } catch (error) {
      // Give up our place in the queue only once the holder ahead of us is done.
      previous.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.#release = release;
    return this.#inner.acquireConnection(options);
  }

  beginTransaction(
    connection: DatabaseConnection,
    settings: Parameters<Driver["beginTransaction"]>[1],
  ) {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection);
  }

  savepoint: Driver["savepoint"] = (...args) => this.#inner.savepoint!(...args);
  rollbackToSavepoint: Driver["rollbackToSavepoint"] = (...args) => this.#inner.rollbackToSavepoint!(...args);
  releaseSavepoint: Driver["releaseSavepoint"] = (...args) => this.#inner.releaseSavepoint!(...args);

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

export class SerialPGliteDialect extends PGliteDialect {
  constructor(config: PGliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new SerialDriver(super.createDriver());
  }
}
