import { loadSimulatorConfig, SimulatorConfigError } from './config.js';
import { createSimulator, DEFAULT_UNITS } from './index.js';

// `npm run simulator`: the simulator as its own process or container.

let config;
try {
  config = loadSimulatorConfig();
} catch (error) {
  if (!(error instanceof SimulatorConfigError)) throw error;
  console.error(`simulator: invalid configuration: ${error.message}`);
  process.exit(1);
}

const simulator = await createSimulator(config);
console.log(`REST v2 simulator listening on ${simulator.url}/api/v2/numbers/`);
console.log(`OpenAPI document: ${simulator.url}/api/v2/openapi.json`);
for (const unit of DEFAULT_UNITS) console.log(`  ${unit.id}: Authorization: Bearer ${unit.token}`);
console.log(`faults ${config.faults ? 'enabled (X-Simulator-Fault header, /__simulator/faults)' : 'disabled'}`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`simulator: ${signal}, closing`);
  void simulator.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
