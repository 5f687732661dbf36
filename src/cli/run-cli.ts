import { ConfigError } from '../config/config';

/**
 * Runs a command-line task: a known failure is one clear line on stderr and exit code 1. These
 * lines are the tools' user-facing output (before any logger exists, or for a person at a
 * terminal), hence the console.
 */
export function runCli(task: () => Promise<void>): void {
  task().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(`error: ${error.problems.join('\n       ')}`);
      } else if (error instanceof Error && error.name !== 'Error') {
        console.error(`error: ${error.message}`);
      } else {
        console.error('error:', error);
      }
      process.exit(1);
    },
  );
}
