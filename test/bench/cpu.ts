import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// CPU time of the server under test and of PostgreSQL, read from /proc (Linux) before and after a
// load run: where each request's time goes, Node or the database. null elsewhere.

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux platform Node supports

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime, plus cutime + cstime (children already reaped), in ms. */
  cpuMs: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: split after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export function cpuAvailable(): boolean {
  return existsSync('/proc/self/stat');
}

/** CPU ms of one process (and of its children already reaped). */
export function processCpuMs(pid: number): number | null {
  return readStat(pid)?.cpuMs ?? null;
}

/** CPU ms of a process and all its live descendants: PostgreSQL's postmaster and its backends. */
export function treeCpuMs(rootPid: number): number | null {
  if (!cpuAvailable()) return null;
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== null);
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const root = stats.find((stat) => stat.pid === rootPid);
  if (!root) return null;
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.pop() as Stat;
    total += current.cpuMs;
    queue.push(...(children.get(current.pid) ?? []));
  }
  return total;
}

/** The postmaster's pid, from the first line of postmaster.pid in the data directory. */
export function postmasterPid(dataDirectory: string): number | null {
  try {
    return Number(readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** CPU ms the whole machine spent busy (all cores; /proc/stat minus idle and iowait), or null. */
export function machineBusyMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Resets the peak resident set size (VmHWM) of a process to its current RSS, so that the next
 * peakRssBytes reports the peak of what ran in between (Linux: writing 5 to /proc/<pid>/clear_refs).
 * Returns false where that is not possible: then the peak is the process's lifetime peak.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The peak resident set size of a process in bytes (VmHWM of /proc/<pid>/status), or null. */
export function peakRssBytes(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
