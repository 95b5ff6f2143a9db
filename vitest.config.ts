import { readFile } from 'node:fs/promises';
import { defineConfig } from 'vitest/config';

/** The test suite's workflow validator, GitHub's own parser (see __tests__/workflows.test.ts). */
const WORKFLOW_PARSER = /[\\/]node_modules[\\/]@actions[\\/]workflow-parser[\\/]dist[\\/].*\.js$/;

export default defineConfig({
  plugins: [
    {
      // The package's source maps name .ts files it does not ship, and Vite warns once per
      // file about that; loading its JavaScript without the map comment keeps the log clean.
      name: 'workflow-parser-without-source-maps',
      enforce: 'pre',
      async load(id) {
        if (!WORKFLOW_PARSER.test(id)) return null;
        const code = await readFile(id, 'utf8');
        return { code: code.replace(/^\/\/# sourceMappingURL=.*$/m, ''), map: null };
      },
    },
  ],
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most of the suite's time is end-to-end runs waiting on the real clock (the action's
    // first look at a copy is 15 s after its start), not CPU: three files at once on a
    // 2-core machine cut the suite from ~165 s to ~65 s.
    maxWorkers: 3,
    // @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`,
    // which Node refuses; handing the package to Vite's transform makes those imports work.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
