import type { Logger } from 'pino';
import type { GatewayPlugin } from '../concern.js';
import type { UsageLedger } from './ledger.js';

/**
 * The ledger's flush timer, from the server's start to its stop: every `intervalMs` the pending
 * counts go to the sink in one batch (ledger.ts); at stop, the last ones, before the store
 * closes (server.ts stops Apollo first). A failed flush is never thrown: it is logged once
 * per outage, and its counts wait in memory for the next.
 */
export function useLedgerFlush(deps: { ledger: UsageLedger; intervalMs: number; logger: Logger }): GatewayPlugin {
  const { ledger, logger } = deps;
  let failing = false;
  const flush = async (): Promise<void> => {
    const ok = await ledger.flush();
    if (ok === !failing) return;
    failing = !ok;
    if (failing) logger.warn('usage ledger: the shared store is unavailable; counts are kept in memory (bounded) and flushed when it is back');
    else logger.info('usage ledger: flushing to the shared store again');
  };
  return {
    async serverWillStart() {
      const timer = setInterval(() => void flush(), deps.intervalMs);
      timer.unref();
      return {
        async serverWillStop() {
          clearInterval(timer);
          await flush();
        },
      };
    },
  };
}
