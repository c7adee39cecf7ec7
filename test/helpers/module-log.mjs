/**
 * `node --import ./test/helpers/module-log.mjs …` with MODULE_LOG_FILE set: appends to that file
 * the URL of every module the process resolves through the ES module loader and, when it exits,
 * the path of every CommonJS module it loaded (packages imported from ESM land there too), so a
 * test can tell which packages a process ever loaded.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.MODULE_LOG_FILE;
if (file) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { file } });
  const { cache } = createRequire(import.meta.url);
  process.on('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((path) => `${path}\n`)
        .join(''),
    ),
  );
}
