/**
 * The layer rules of ../shared/DESIGN.md §7, checked in CI (`npm run lint:deps`). Each layer imports
 * only from the layers above it:
 *   ground → executor → dialect → database → model, query → services (schema, monitoring, bench,
 *   config) → ui → commands
 * Type-only imports count: a cycle through types is still a cycle for whoever reads the code.
 */
const core = 'src/core';
const layer = {
  ground: `^${core}/ground/`,
  executor: `^${core}/executor/`,
  dialect: `^${core}/dialect/`,
  database: `^${core}/database/`,
  model: `^${core}/model/`,
  query: `^${core}/query/`,
  services: `^${core}/(schema|monitoring|bench|config)/`,
  ui: '^src/ui/',
  commands: '^src/commands/',
};
const below = (...names) => names.map((n) => layer[n]);

/** `from` may not import any of `to`: the layers under it. */
const upward = (name, from, to) => ({
  name,
  severity: 'error',
  comment: `${name}: an import pointing down the layer list (DESIGN.md §7); move the shared part up instead`,
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide which module depends on which; break the cycle by moving the shared part up a layer.',
      from: { pathNot: `^${core}/model/` },
      to: { circular: true },
    },
    {
      // The one exception: model/'s types are mutually recursive (a model's types are computed from its
      // fields, a ForeignKey's from the model it points to), so TypeScript must see them from both
      // sides. Those cycles may exist through type-only imports inside model/, never at run time.
      name: 'no-circular-at-run-time',
      severity: 'error',
      comment: 'A cycle of run-time imports: break it by moving the shared part up a layer.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unknown-core-folder',
      severity: 'error',
      comment: 'Every folder of src/core belongs to a layer: add a new one to .dependency-cruiser.cjs',
      from: { path: `^${core}/`, pathNot: `^${core}/(ground|executor|dialect|database|model|query|schema|monitoring|bench|config)/` },
      to: {},
    },
    upward('ground-is-the-top', layer.ground, `^(${core}/(?!ground/)|src/ui/|src/commands/)`),
    upward('executor-above-dialect', layer.executor, below('dialect', 'database', 'model', 'query', 'services', 'ui', 'commands')),
    upward('dialect-above-database', layer.dialect, below('database', 'model', 'query', 'services', 'ui', 'commands')),
    upward('database-above-model', layer.database, below('model', 'query', 'services', 'ui', 'commands')),
    upward('model-is-metadata', layer.model, below('query', 'services', 'ui', 'commands')),
    upward('query-above-services', layer.query, below('services', 'ui', 'commands')),
    upward('services-above-ui', layer.services, below('ui', 'commands')),
    upward('ui-above-commands', layer.ui, below('commands')),
    {
      name: 'database-folders-only-through-dialects',
      severity: 'error',
      comment: 'A database folder is reached through dialect/dialects.ts, so each database stays one place',
      from: { path: '^src/', pathNot: `^${core}/dialect/` },
      to: { path: `^${core}/dialect/(postgres|mysql|sqlite)/` },
    },
    {
      name: 'database-folders-independent',
      severity: 'error',
      comment: 'One database folder does not borrow from another: move what they share up into dialect/',
      from: { path: `^${core}/dialect/(postgres|mysql|sqlite)/` },
      to: { path: `^${core}/dialect/(postgres|mysql|sqlite)/`, pathNot: `^${core}/dialect/$1/` },
    },
    {
      name: 'native-without-js',
      severity: 'error',
      comment: 'The native executor must not depend on the JS drivers: share through executor/shared/',
      from: { path: `^${core}/executor/native/` },
      to: { path: `^${core}/executor/js/` },
    },
    {
      name: 'ink-only-in-ui',
      severity: 'error',
      comment: 'Terminal rendering (Ink, React) belongs in src/ui',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: '(^|/)node_modules/(ink|react|ink-[^/]+)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/.*\\.d\\.ts$' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
