/**
 * The shared, long-lived pieces every plugin and service receives: configuration, the store, the
 * clock, the logger, the token validator and the in-process wake-up bus. Services are stateless
 * objects over these and may be constructed wherever needed.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Store } from './store/store.js';
import type { Clock } from './lib/time.js';
import type { TokenValidator } from './services/identity/token-validator.js';

/**
 * In-process notifications. They only shorten latency: every consumer also polls the store, so
 * a lost notification (or one from another process) never loses work.
 */
export interface WakeBus {
  /** an operation was enqueued for this host (null = any) */
  operationEnqueued(host: string | null): void;
  onOperationEnqueued(fn: (host: string | null) => void): () => void;
  /** an external event was stored for this instance */
  eventStored(instanceUuid: string): void;
  onEventStored(fn: (instanceUuid: string) => void): () => void;
}

export function createWakeBus(): WakeBus {
  const em = new EventEmitter();
  em.setMaxListeners(0);
  const sub = <T>(name: string, fn: (x: T) => void) => {
    em.on(name, fn);
    return () => {
      em.off(name, fn);
    };
  };
  return {
    operationEnqueued: (host) => {
      em.emit('op', host);
    },
    onOperationEnqueued: (fn) => sub('op', fn),
    eventStored: (uuid) => {
      em.emit('event', uuid);
    },
    onEventStored: (fn) => sub('event', fn),
  };
}

export interface Runtime {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  tokens: TokenValidator;
  bus: WakeBus;
  /** hooks run by the emulator's reset (in-memory state holders register here) */
  resetHooks: Array<() => void | Promise<void>>;
}
