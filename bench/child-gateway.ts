/** Bench child: the gateway exactly as `npm start` builds it, configured from the environment. */
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/server.js';
import { serveParent } from './ipc.js';

const config = loadConfig();
const gateway = createGateway(config, { upstreamUrl: config.upstream.url ?? '', logger: pino({ level: config.logLevel }) });
await gateway.start();
serveParent({ url: gateway.url });
process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
