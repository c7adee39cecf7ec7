import { startBanner } from './banner.js';
import { ConfigError, loadConfig } from './config.js';
import { describeEnvFile, loadEnvFile, type EnvFileRead } from './env-file.js';
import { createLogger } from './observability/logger.js';
import { createGateway } from './server.js';
import { createSimulator, type Simulator } from './simulator/index.js';

/**
 * Entry point. With no UPSTREAM_URL the REST v2 simulator starts in-process on a loopback port
 * with the demo units, so `npm start` gives a working endpoint on a machine with no network.
 */
async function main(): Promise<void> {
  let config;
  let envFile: EnvFileRead | undefined;
  try {
    // Before validation: `cp .env.example .env && npm start` works, and the environment wins.
    envFile = loadEnvFile();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`numbers-gateway: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, env: config.env, tty: process.stdout.isTTY === true });

  // Until the gateway listens there is nothing to drain: a signal during start-up just exits
  // (as PID 1 in a container, an unhandled SIGTERM would be ignored until SIGKILL).
  let shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopped during start-up');
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  let simulator: Simulator | undefined;
  if (!config.upstream.url) {
    simulator = await createSimulator({ numbersPerUnit: config.embeddedNumbersPerUnit });
  }
  const upstreamUrl = config.upstream.url ?? simulator?.url ?? '';
  const gateway = createGateway(config, { upstreamUrl, logger, demo: simulator !== undefined });
  await gateway.start();
  let stopping = false;
  shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    gateway
      .stop()
      .then(() => simulator?.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };

  const graphqlUrl = `${gateway.url}/graphql`;
  logger.info(
    {
      url: graphqlUrl,
      metrics: `${gateway.metricsUrl ?? gateway.url}/metrics`,
      upstream: simulator ? 'embedded simulator' : 'external',
      envFile: envFile?.path ?? null,
      graphiql: config.graphiql,
      introspection: config.introspection,
      corsOrigins: config.cors.anyOrigin ? ['*'] : config.cors.origins,
    },
    'numbers-gateway listening',
  );
  // Printed with the embedded simulator (`npm start` on a laptop); a deployment has the log line.
  if (simulator) console.log(startBanner(config, { graphql: graphqlUrl, simulator: simulator.url, environment: describeEnvFile(envFile) }).join('\n'));
}

main().catch((error: unknown) => {
  console.error('numbers-gateway failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
