/** Bench child: the "limit" server (bench/limit-server.ts), configured from the environment. */
import { loadConfig } from '../src/config.js';
import { serveParent } from './ipc.js';
import { createLimitServer } from './limit-server.js';

const server = createLimitServer(loadConfig());
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  serveParent({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
