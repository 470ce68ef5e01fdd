/** Dependencies point inward: composition → adapters → core. Checked by test/architecture. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-framework-free',
      comment: 'core/ holds the domain: no framework, driver or Node module, so it runs and tests anywhere.',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core', 'unknown', 'undetermined'] },
    },
    {
      name: 'core-depends-on-nothing-outside-core',
      comment: 'core/ owns its ports; adapters implement them, never the other way round.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(adapters|composition|migrations)/' },
    },
    {
      name: 'adapters-do-not-know-the-composition-root',
      comment: 'Only composition/ knows every part; adapters receive what they need.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^composition/' },
    },
    {
      name: 'adapters-are-independent',
      comment: 'HTTP, CLI and persistence meet only in composition/.',
      severity: 'error',
      from: { path: '^adapters/(http|cli|persistence)/' },
      to: { path: '^adapters/(http|cli|persistence)/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
