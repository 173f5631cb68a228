/**
 * Loads the `pg` driver without its runtime probe's cost.
 *
 * pg 8 decides when it loads whether it runs on Cloudflare Workers: without a global
 * `navigator` (Node 20 has none) it constructs a `Response`, and that first touch of the global
 * makes Node load its whole fetch implementation (undici): about 50 ms of CPU, 40% of
 * `node -e 0`, on every command that connects. The global is hidden while the module loads, so
 * the probe answers "not Cloudflare" at once, then put back as it was (still lazy, unloaded).
 * pg-flux itself never uses fetch.
 */
import type pg from 'pg';

let loaded: Promise<typeof pg> | null = null;

export const loadPg = (): Promise<typeof pg> => {
  loaded ??= (async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'Response');
    if (original?.configurable) Object.defineProperty(globalThis, 'Response', { value: undefined, configurable: true, writable: true });
    try {
      return (await import('pg')).default;
    } finally {
      if (original?.configurable) Object.defineProperty(globalThis, 'Response', original);
    }
  })();
  return loaded;
};
