// The REST v2 simulator: the nine /api/v2/numbers/ endpoints with seeded per-unit state,
// fault injection and a call log. See docs/simulator.md.

export { createSimulator, DEFAULT_UNITS } from './server.js';
export type { FaultRule, Simulator, SimulatorCall, SimulatorMethod, SimulatorOptions, SimulatorStats, SimulatorUnitOptions } from './types.js';
