import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempProject, type TempProject } from '../helpers/temp-project.ts';

export const LABELS = ['positive', 'negative', 'neutral'];

/** A project whose suite runs `classify` on the sim test instrument with the given settings. */
export function simProject(options: {
  settings: Record<string, unknown>;
  tests: number;
  body?: string;
}): TempProject {
  const project = createTempProject(
    { 'classify.prompt': options.body ?? 'Label: {{input}}\n' },
    'prompts: prompts\ncache: { enabled: false }\n',
  );
  const tests = Array.from({ length: options.tests }, (_, index) => ({
    vars: { input: `customer review number ${index}`, label: LABELS[index % 3]! },
  }));
  writeFileSync(join(project.root, 'tests.jsonl'), tests.map((test) => JSON.stringify(test)).join('\n'));
  writeFileSync(
    join(project.root, 'plume.suite.json'),
    JSON.stringify({
      prompts: ['classify'],
      models: [
        { id: 'sim:classify', config: { temperature: 0, sim: { labels: LABELS, ...options.settings } } },
      ],
      defaultTest: { assert: [{ type: 'equals', value: '{{label}}' }] },
      tests: 'file://tests.jsonl',
    }),
  );
  return project;
}
