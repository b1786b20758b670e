// Import boundaries from DESIGN.md: a layer imports only from layers above it in this list.
const LAYERS = [
  'spec',
  'util',
  'store',
  'library',
  'models',
  'stats',
  'eval',
  'probes',
  'optimize',
  'chains',
  'generate',
  'export',
  'lint',
  'server',
  'cli',
];

const layerRules = LAYERS.map((layer, index) => {
  const below = LAYERS.slice(index + 1);
  return {
    name: `${layer}-imports-only-upward`,
    severity: 'error',
    comment: `src/${layer} may not import from layers listed after it in DESIGN.md`,
    from: { path: `^src/${layer}/` },
    to: { path: below.length > 0 ? `^src/(${below.join('|')})/` : '^$' },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'spec-imports-only-zod',
      severity: 'error',
      from: { path: '^src/spec/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'], pathNot: '^node_modules/zod/' },
    },
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
