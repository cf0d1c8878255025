/**
 * Background work a process runs besides HTTP: the compute agent (and, later, event delivery and
 * housekeeping). Started by serve/agent, stopped on shutdown.
 */
import type { Runtime } from './runtime.js';
import { ComputeAgent } from './agent/agent.js';
import { startArchiveTask, type PeriodicTask } from './services/maintenance/archive-task.js';

export interface ProcessServices {
  /** the in-process compute agent, when started */
  agent: ComputeAgent | null;
  /** the periodic archive, when this process runs it and the configuration turns it on */
  archive: PeriodicTask | null;
  stop(): Promise<void>;
}

/**
 * maintenance: run the periodic archive here (serve and api processes; agents do not, one kind of
 * process is enough and they are safe to run side by side).
 */
export async function startProcessServices(
  rt: Runtime,
  opts: { agent: boolean; maintenance?: boolean },
): Promise<ProcessServices> {
  const stops: Array<() => Promise<void>> = [];
  let agent: ComputeAgent | null = null;
  if (opts.agent) {
    const a = new ComputeAgent(rt);
    await a.start();
    stops.push(() => a.stop());
    agent = a;
  }
  const archive = opts.maintenance ? startArchiveTask(rt) : null;
  if (archive) stops.push(() => archive.stop());
  return {
    agent,
    archive,
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
