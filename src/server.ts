import { serve, type ServerType } from '@hono/node-server';
import { createSignpost, type Signpost } from './app';
import type { Config } from './platform/config';
import { openDatabase } from './platform/database';
import { createLogger } from './platform/log';

export interface RunningServer {
  signpost: Signpost;
  server: ServerType;
  url: string;
  stop(): Promise<void>;
}

/** Opens the configured database, wires Signpost and listens for HTTP. */
export async function startServer(config: Config, options: { beforeListen?: (signpost: Signpost) => Promise<void> } = {}): Promise<RunningServer> {
  const log = createLogger(config);
  const database = await openDatabase(config, log);
  const signpost = await createSignpost({ database, config, log });
  await options.beforeListen?.(signpost);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: signpost.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const url = `http://localhost:${config.port}`;
  return {
    signpost,
    server,
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signpost.close();
    },
  };
}
