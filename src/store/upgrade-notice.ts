// Apart from database.ts, which loads SQLite: the CLI sets this before it knows whether a command
// opens the store.

let notice: ((what: string) => void) | undefined;

/**
 * Who is told, before a migration rewrites a store's rows, what it rewrites (the CLI says it on
 * stderr: the first command after an upgrade may take seconds on a large store); undefined: nobody.
 */
export function onStoreUpgrade(tell: ((what: string) => void) | undefined): void {
  notice = tell;
}

/** Who onStoreUpgrade named, if anyone. */
export function storeUpgradeNotice(): ((what: string) => void) | undefined {
  return notice;
}
