/** `npm run usage -- …`: the field-usage ledger as a table and an export (src/usage/cli.ts). */
import { loadConfig } from '../src/config.js';
import { runUsageCli } from '../src/usage/cli.js';

const code = await runUsageCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  defaults: () => {
    const config = loadConfig();
    return { redisUrl: config.redis.url, retentionDays: config.usage.retentionDays };
  },
});
process.exitCode = code;
