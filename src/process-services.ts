/**
 * Background work a process runs besides HTTP: the compute agent (and, later, event delivery and
 * housekeeping). Started by serve/agent, stopped on shutdown.
 */
import type { Runtime } from './runtime.js';
import { ComputeAgent } from './agent/agent.js';

export interface ProcessServices {
  /** the in-process compute agent, when started */
  agent: ComputeAgent | null;
  stop(): Promise<void>;
}

export async function startProcessServices(rt: Runtime, opts: { agent: boolean }): Promise<ProcessServices> {
  const stops: Array<() => Promise<void>> = [];
  let agent: ComputeAgent | null = null;
  if (opts.agent) {
    const a = new ComputeAgent(rt);
    await a.start();
    stops.push(() => a.stop());
    agent = a;
  }
  return {
    agent,
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
