import { OpsError } from './output.js';

/** Runs a command action: a failure the operator can act on is one line on stderr and exit code 1, not a stack trace. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof OpsError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      throw err;
    }
  };
}
