/**
 * dependency-cruiser rules for lib/: the architecture the code promises.
 * - the core never imports a feature (features plug in through lib/core/hooks.ts);
 *   only the composition root (lib/index.ts, lib/plugin.ts, lib/options.ts, lib/option-types.ts) lists them;
 * - nothing in lib/core or lib/features imports the composition root back;
 * - the browser client (lib/client) imports only itself and the wire protocol;
 * - lib/protocol.ts imports nothing, so anything may import it;
 * - no cycles, type-only imports included.
 * Checked by test/architecture.test.ts through dependency-cruiser's API;
 * on the command line: npx depcruise lib --config .dependency-cruiser.cjs
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle (type-only imports count): split the shared part into its own module.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'core-imports-no-feature',
      severity: 'error',
      comment: 'Only the composition root (lib/index.ts, lib/plugin.ts, lib/options.ts, lib/option-types.ts) may import a feature; the core reaches features through the hooks of lib/core/hooks.ts.',
      from: {
        path: '^lib/',
        pathNot: ['^lib/features/', '^lib/(index|plugin|options|option-types)\\.ts$']
      },
      to: { path: '^lib/features/' }
    },
    {
      name: 'features-not-to-root',
      severity: 'error',
      comment: 'Features and the core get what they need from lib/core, never from the composition root.',
      from: { path: '^lib/(features|core)/' },
      to: { path: '^lib/(index|plugin)\\.ts$' }
    },
    {
      name: 'client-only-protocol',
      severity: 'error',
      comment: 'The browser bundle (lib/client) imports only lib/client and lib/protocol.ts.',
      from: { path: '^lib/client/' },
      to: { pathNot: ['^lib/client/', '^lib/protocol\\.ts$'] }
    },
    {
      name: 'protocol-imports-nothing',
      severity: 'error',
      comment: 'lib/protocol.ts is imported by server and client alike, so it imports nothing.',
      from: { path: '^lib/protocol\\.ts$' },
      to: {}
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' }
  }
}
