// Rampart's layers, lowest first. A module may import its own layer and the layers below it, never one above.
// Foundation (config, metrics, errors, log, clock, plain-text, package-version) is below everything and imports only
// itself. Peers in one layer must not form a cycle; where the direction between peers is decided, a rule says it.
// Folder cycles are checked by scripts/check-layers.mjs, which runs this configuration (`npm run lint`).
/** @typedef {{ name: string, paths: string[] }} Layer */

/** @type {Layer[]} */
const LAYERS = [
  {
    name: 'foundation',
    paths: ['^src/(config|metrics|errors)/', '^src/(log|clock|errors|plain-text|package-version)\\.ts$'],
  },
  { name: 'harden', paths: ['^src/harden/'] },
  { name: 'github', paths: ['^src/github/'] },
  { name: 'store', paths: ['^src/(store|vault)/'] },
  { name: 'domain', paths: ['^src/(accounts|credentials|orchestrate|policies)/'] },
  { name: 'queue', paths: ['^src/queue/'] },
  { name: 'edge', paths: ['^src/(api|web|cli)/', '^workers/'] },
  { name: 'demo', paths: ['^src/demo/'] },
  // The composition root that dispatches to the commands may import any layer.
  { name: 'root', paths: ['^src/main\\.ts$', '^bin/'] },
];

const CODE = '^(src|workers|bin)/';
const LAYERED = LAYERS.flatMap((l) => l.paths);

const layerRules = LAYERS.slice(0, -1).map((layer, i) => {
  const below = LAYERS.slice(0, i).map((l) => l.name);
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment: `${layer.name} may import only itself and the layers below it: ${below.join(', ') || 'none'}`,
    from: { path: layer.paths },
    to: { path: LAYERS.slice(i + 1).flatMap((l) => l.paths) },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown',
      severity: 'error',
      comment:
        'Every module of src/, workers/ and bin/ belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs',
      from: { path: CODE, pathNot: LAYERED },
      to: {},
    },
    {
      name: 'layer-unknown-target',
      severity: 'error',
      comment:
        'Every module of src/, workers/ and bin/ belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs',
      from: {},
      to: { path: CODE, pathNot: LAYERED },
    },
    {
      name: 'vault-not-to-store',
      severity: 'error',
      comment:
        'store and vault are peers: the store keeps sealed secrets (vault types), so the vault never reads the store',
      from: { path: '^src/vault/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'domain-peers-independent',
      severity: 'error',
      comment:
        'accounts, credentials and orchestrate are peers that do not import each other (nor policies, above them)',
      from: { path: '^src/(accounts|credentials|orchestrate)/' },
      to: { path: '^src/(accounts|credentials|orchestrate|policies)/', pathNot: '^src/$1/' },
    },
    {
      name: 'policies-through-orchestrate',
      severity: 'error',
      comment: 'policies start runs through orchestrate (start-orchestration.ts) and use no other domain peer',
      from: { path: '^src/policies/' },
      to: { path: '^src/(accounts|credentials)/' },
    },
    {
      name: 'cli-not-to-workers',
      severity: 'error',
      comment:
        'workers may use the CLI plumbing in src/cli; the CLI reaches the worker only through the composition root',
      from: { path: '^src/cli/' },
      to: { path: '^workers/' },
    },
    {
      name: 'code-not-to-tests',
      severity: 'error',
      comment: 'Shipped code (src, workers, bin, packages) never imports test/',
      from: { path: '^(src|workers|bin|packages)/' },
      to: { path: '^test/' },
    },
    {
      name: 'packages-self-contained',
      severity: 'error',
      comment: 'A workspace package stands alone: it never imports Rampart by path',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^(src|workers|bin|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['(^|/)dist/', '^coverage/'] },
    // Type-only imports are dependencies of the design too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};
