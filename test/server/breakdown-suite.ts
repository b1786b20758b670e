// A suite whose pass rate differs by a test variable, for the breakdown's server and browser tests.

/** Echo answers `Say <word>`; the check wants `b` or `c`: group x passes 0 of 6, group y 6 of 6. */
export function breakdownSuite(): string {
  const tests = Array.from({ length: 12 }, (_, index) => {
    const group = index % 2 === 0 ? 'x' : 'y';
    return `  - vars: { word: "${group === 'x' ? 'a' : 'b'}${index}", group: ${group} }`;
  });
  return [
    'prompts: ["Say {{word}}"]',
    "models: ['echo:default']",
    'defaultTest:',
    '  assert: [{ type: regex, value: "Say b", metric: "group-{{group}}" }]',
    'tests:',
    ...tests,
  ].join('\n');
}
