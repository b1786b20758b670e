import { afterEach, describe, expect, it } from 'vitest';
import { readTestLabels, testLabel, testName } from '../../../src/eval/report/test-labels.ts';
import { iterateTests } from '../../../src/eval/suite/iterate-tests.ts';
import { loadSuite } from '../../../src/eval/suite/load-suite.ts';
import { projectReadScope } from '../../../src/library/project.ts';
import { createTempProject, type TempProject } from '../../helpers/temp-project.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('testLabel', () => {
  it("puts the variables every test shares (defaultTest's) after the test's own", () => {
    const shared = { labels: ['positive', 'negative'] };
    const vars = { labels: ['positive', 'negative'], review: 'Broke after a week', label: 'negative' };
    expect(testLabel({ vars }, shared)).toBe('review=Broke after a week, label=negative, labels=["positiv…');
    // A test that sets a shared variable to its own value shows it among its own.
    expect(testLabel({ vars: { labels: ['x'], review: 'r' } }, shared)).toBe('labels=["x"], review=r');
  });

  it('is the description, else the first variables, on one line and shortened', () => {
    expect(testLabel({ description: '  refund\n  request ', vars: { a: 1 } })).toBe('refund request');
    expect(testLabel({ vars: { name: 'Ada', tags: ['x', 'y'], n: 2 } })).toBe(
      'name=Ada, tags=["x","y"], n=2',
    );
    const long = testLabel({ vars: { text: 'word '.repeat(40) } });
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
    expect(testName(12, 'refund request')).toBe('test 12 “refund request”');
    expect(testName(12, undefined)).toBe('test 12');
  });
});

describe('readTestLabels', () => {
  const suite = (third: string) =>
    `prompts: [{ raw: 'Hi {{name}}', label: hi }]\nmodels: ['echo:default']\ntests:\n  - description: greets Ada\n    vars: { name: Ada }\n  - vars: { name: Bob }\n  - vars: { name: ${third} }\n`;

  it('finds tests by id, so an edited suite still names the tests it kept, and never a wrong one', async () => {
    project = createTempProject();
    project.write('plume.suite.yaml', suite('Cy'));
    const file = `${project.root}/plume.suite.yaml`;
    const scope = projectReadScope(project.project());
    const ids: string[] = [];
    for await (const test of iterateTests(await loadSuite(file, { scope }))) ids.push(test.id);
    project.write('plume.suite.yaml', suite('Dee'));
    const labels = await readTestLabels({ suiteFile: file, scope }, ids);
    expect(labels.get(ids[0]!)).toBe('greets Ada');
    expect(labels.get(ids[1]!)).toBe('name=Bob');
    // The third test changed: its old id is not in the suite any more.
    expect(labels.has(ids[2]!)).toBe(false);
    expect(await readTestLabels({ suiteFile: `${project.root}/gone.yaml`, scope }, ids)).toEqual(new Map());
  });
});
