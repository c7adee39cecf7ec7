import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** What the entry point read from a `.env` file, for its start banner and log line. */
export interface EnvFileRead {
  /** As given (`.env`), relative to the working directory. */
  path: string;
  /** Variables the file sets. */
  variables: number;
  /** Of those, the ones the process environment already set: the environment wins. */
  overridden: number;
}

/**
 * Loads `.env` from the working directory into `env` when the file exists, with Node's own
 * parser (`util.parseEnv`, the one behind `process.loadEnvFile` and `--env-file`) and its rule:
 * a variable already in the environment is kept, so `PORT=4001 npm start` wins over the file.
 * Only the entry point calls this, before `loadConfig()` validates the result; a missing file
 * is the normal case and returns undefined. Containers do not get the file (.dockerignore).
 */
export function loadEnvFile(path = '.env', env: NodeJS.ProcessEnv = process.env): EnvFileRead | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseEnv(text);
  let overridden = 0;
  for (const [name, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    if (env[name] !== undefined) overridden += 1;
    else env[name] = value;
  }
  return { path, variables: Object.keys(parsed).length, overridden };
}

/** The banner line: says the file was read and that the environment wins over it. */
export function describeEnvFile(read: EnvFileRead | undefined): string {
  if (!read) return 'no .env file (environment only)';
  const kept = read.overridden === 0 ? '' : `, ${read.overridden} set in the environment kept`;
  return `${read.path} read (${read.variables} variable${read.variables === 1 ? '' : 's'}${kept})`;
}
