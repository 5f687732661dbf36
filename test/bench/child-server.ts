// The life of a bench server in its child process (test/bench/server-process.ts,
// test/bench/postgraphile-server.ts): print "ready <port>" for startChildServer, then stop cleanly
// on SIGTERM or SIGINT, or when the bench process goes away.

export function serveUntilStopped(port: number, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('disconnect', shutdown);
  // The bench's stdout pipe closes when it dies: do not outlive it.
  process.stdout.once('error', shutdown);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 2_000).unref();
  process.stdout.write(`ready ${port}\n`);
}

/** Runs a child server's main function; a failure to start exits with code 1. */
export function runChild(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
