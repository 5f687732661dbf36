import 'reflect-metadata';
import { createDataSource } from '../../src/db/data-source';
import { defaultServices } from '../../src/graphql/context';
import { createApp, listen } from '../../src/server/create-app';
import { runChild, serveUntilStopped } from './child-server';
import { startHandwrittenServer } from './handwritten-server';
import { benchConfig, POOL_SIZE, type Variant } from './servers';

// Child process of the bench: serves one variant on a free loopback port, prints "ready <port>",
// and exits on SIGTERM (or when the bench process goes away).

async function main(): Promise<void> {
  const [variant, databaseUrl] = process.argv.slice(2) as [Variant, string];
  let stop: () => Promise<void>;
  let port: number;
  if (variant === 'handwritten') {
    const server = await startHandwrittenServer(databaseUrl, POOL_SIZE);
    port = server.port;
    stop = server.stop;
  } else if (variant === 'shipped' || variant === 'unbatched') {
    const config = benchConfig(databaseUrl);
    const dataSource = createDataSource({ url: databaseUrl, poolSize: config.databasePoolSize });
    await dataSource.initialize();
    const app = await createApp(config, dataSource, defaultServices(), { batching: variant === 'shipped' });
    port = await listen(app, 0, '127.0.0.1');
    stop = async () => {
      await app.stop();
      // Requests the load generator abandoned at the end of a run may still be resolving.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dataSource.destroy();
    };
  } else {
    throw new Error(`unknown variant ${String(variant)}`);
  }
  serveUntilStopped(port, stop);
}

runChild(main);
