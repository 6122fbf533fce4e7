/**
 * Crash points for the fault tests: with `SIMLINE_CRASH_AT=relay:afterPublish` the process dies with
 * SIGKILL the first time it passes that line, exactly as a power cut would. Inert otherwise.
 */
export function crashPoint(name: string): void {
  if (process.env.SIMLINE_CRASH_AT === name) {
    process.kill(process.pid, 'SIGKILL');
  }
}
