/**
 * A deterministic serial-console log for a server, built from what happened to it (its action
 * log): a cirros-style kernel boot per (re)boot and a login prompt. os-getConsoleOutput returns
 * its last N lines (nova/virt/libvirt/driver.py get_console_output tails the log).
 */
export interface ConsoleInput {
  uuid: string;
  hostname: string;
  /** actions oldest first */
  actions: Array<{ action: string; start_time: string }>;
  addresses: string[];
}

function bootLines(input: ConsoleInput, at: string): string[] {
  const lines = [
    `[    0.000000] Linux version 6.1.0-stackbox (builder@stackbox) #1 SMP ${at}`,
    '[    0.000000] Command line: LABEL=cirros-rootfs ro console=tty1 console=ttyS0',
    `[    0.000000] DMI: OpenStack Foundation OpenStack Nova, BIOS 1.16.3 ${at.slice(0, 10)}`,
    '[    0.512345] Freeing unused kernel image memory: 2048K',
    '[    0.812345] Run /sbin/init as init process',
    'Starting logging: OK',
    'Initializing random number generator: OK',
    'Starting network: OK',
    'checking http://169.254.169.254/2009-04-04/instance-id',
    `successful after 1/20 tries: up 1.02. iid=${input.uuid}`,
  ];
  for (const ip of input.addresses) lines.push(`ip address ${ip} configured`);
  lines.push(
    '=== system information ===',
    `Platform: OpenStack Foundation OpenStack Nova`,
    `=== cirros: current=0.6.2 uptime=2.34 ===`,
    '',
    `login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.`,
    `${input.hostname} login: `,
  );
  return lines;
}

export function consoleLog(input: ConsoleInput): string[] {
  const out: string[] = [];
  for (const a of input.actions) {
    if (['create', 'start', 'reboot', 'rebuild'].includes(a.action)) out.push(...bootLines(input, a.start_time));
    else if (a.action === 'stop') out.push(`[ ${a.start_time} ] reboot: Power down`);
  }
  return out;
}

/** The last `length` lines (all when length is null or negative), newline-joined as Nova returns them. */
export function tailLog(lines: string[], length: number | null): string {
  const picked = length === null || length < 0 ? lines : length === 0 ? [] : lines.slice(-length);
  return picked.join('\n');
}
