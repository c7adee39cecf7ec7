/** Bench child: the RESTDataSource comparator (bench/rest-server.ts) in front of UPSTREAM_URL. */
import { serveParent } from './ipc.js';
import { startRestServer } from './rest-server.js';

const server = await startRestServer(process.env.UPSTREAM_URL ?? '');
serveParent({ url: server.url });
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
