import * as fs from 'fs';

/** CPU time (user + system, ms) of this process's reaped children so far, from /proc/self/stat. */
export function childrenCpuMs(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[14]) + Number(f[15])) * (1000 / 100);
}

/** CPU time (user + system, ms) of a running process, from /proc/PID/stat (clock ticks of 10 ms). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * (1000 / 100);
}
