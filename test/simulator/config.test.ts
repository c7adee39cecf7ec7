import { describe, expect, it } from '@jest/globals';
import { loadSimulatorConfig } from '../../src/simulator/config.js';

describe('loadSimulatorConfig', () => {
  it('defaults to 127.0.0.1:4010 with faults off', () => {
    expect(loadSimulatorConfig({})).toEqual({ host: '127.0.0.1', port: 4010, faults: false });
  });

  it('reads every variable', () => {
    expect(
      loadSimulatorConfig({
        SIMULATOR_HOST: '0.0.0.0',
        SIMULATOR_PORT: '8080',
        SIMULATOR_NUMBERS_PER_UNIT: '5000',
        SIMULATOR_FAULTS: 'true',
        SIMULATOR_LATENCY_MS: '10-100',
      }),
    ).toEqual({ host: '0.0.0.0', port: 8080, numbersPerUnit: 5000, faults: true, latencyMs: [10, 100] });
    expect(loadSimulatorConfig({ SIMULATOR_LATENCY_MS: '50' })).toMatchObject({ latencyMs: 50 });
  });

  it('treats empty variables as unset', () => {
    expect(loadSimulatorConfig({ SIMULATOR_PORT: '', SIMULATOR_LATENCY_MS: '' })).toEqual({ host: '127.0.0.1', port: 4010, faults: false });
  });

  it.each([
    ['SIMULATOR_PORT', 'http', 'SIMULATOR_PORT: must be a port number (got "http")'],
    ['SIMULATOR_PORT', '70000', 'SIMULATOR_PORT: Too big: expected number to be <=65535 (got "70000")'],
    ['SIMULATOR_NUMBERS_PER_UNIT', 'lots', 'SIMULATOR_NUMBERS_PER_UNIT: must be a whole number (got "lots")'],
    ['SIMULATOR_FAULTS', 'yes', 'SIMULATOR_FAULTS: must be true or false (got "yes")'],
    ['SIMULATOR_LATENCY_MS', '100-10', 'SIMULATOR_LATENCY_MS: latency range "100-10" has max below min'],
  ])('fails naming %s for the value %s', (name, value, message) => {
    expect(() => loadSimulatorConfig({ [name]: value })).toThrow(message);
  });
});
