import { z } from 'zod';
import { FaultSyntaxError, parseLatency } from './faults.js';
import type { SimulatorOptions } from './types.js';

// Environment for the standalone simulator (`npm run simulator`). The only reader of
// process.env in src/simulator/; a bad value fails start-up with a message naming the variable.

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535));

const schema = z.object({
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_PORT: port.default(4010),
  SIMULATOR_NUMBERS_PER_UNIT: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(100_000))
    .optional(),
  SIMULATOR_FAULTS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .default(false),
  SIMULATOR_LATENCY_MS: z.string().optional(),
});

function latency(text: string | undefined): SimulatorOptions['latencyMs'] {
  if (text === undefined || text === '') return undefined;
  try {
    const [min, max] = parseLatency(text);
    return min === max ? min : [min, max];
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new SimulatorConfigError(`SIMULATOR_LATENCY_MS: ${error.message}`);
    throw error;
  }
}

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorOptions & { host: string; port: number } {
  // Empty variables count as unset, as `FOO= npm run simulator` intends.
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('SIMULATOR_') && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'SIMULATOR_*');
    throw new SimulatorConfigError(`${name}: ${issue?.message ?? 'invalid value'} (got "${env[name] ?? ''}")`);
  }
  const config = parsed.data;
  return {
    host: config.SIMULATOR_HOST,
    port: config.SIMULATOR_PORT,
    faults: config.SIMULATOR_FAULTS,
    ...(config.SIMULATOR_NUMBERS_PER_UNIT === undefined ? {} : { numbersPerUnit: config.SIMULATOR_NUMBERS_PER_UNIT }),
    ...(config.SIMULATOR_LATENCY_MS === undefined ? {} : { latencyMs: latency(config.SIMULATOR_LATENCY_MS) }),
  };
}
