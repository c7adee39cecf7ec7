import { describe, expect, it } from '@jest/globals';
import { CONFIG_VARIABLES } from '../../src/config-env.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { RETIRED_VARIABLES } from '../../src/config-retired.js';

/** A variable the gateway no longer reads stops the start and names what replaced it. */
describe('retired variables', () => {
  it('refuses LIMIT_MAX_COST at start, naming LIMIT_MAX_UPSTREAM_CALLS', () => {
    expect(() => loadConfig({ LIMIT_MAX_COST: '5000' })).toThrow(ConfigError);
    expect(() => loadConfig({ LIMIT_MAX_COST: '5000' })).toThrow(/LIMIT_MAX_COST is no longer read: use LIMIT_MAX_UPSTREAM_CALLS instead/);
  });

  it('ignores a blank LIMIT_MAX_COST, as every blank variable counts as unset', () => {
    expect(loadConfig({ LIMIT_MAX_COST: '  ' }).governance.maxUpstreamCalls).toBe(25);
  });

  it('never names a variable the gateway still reads as retired', () => {
    expect(Object.keys(RETIRED_VARIABLES).filter((name) => CONFIG_VARIABLES.includes(name))).toEqual([]);
    expect(Object.values(RETIRED_VARIABLES).filter(({ replacement }) => !CONFIG_VARIABLES.includes(replacement))).toEqual([]);
  });
});
