import { runCli } from '../helpers/run-cli.ts';
import type { TempProject } from '../helpers/temp-project.ts';
import { simProject } from '../optimize/sim-project.ts';
import { ENV } from './served-project.ts';

/** A project whose store holds one finished optimization, made by the real `plume optimize`. */
export interface OptimizedProject {
  project: TempProject;
  /** The optimization's id. */
  id: string;
  /** The report `plume optimize --json` printed. */
  report: {
    winner: { body: string };
    start: { body: string };
    heldOut: { verdict: string; significant: boolean };
    trajectory: { strategy: string; callsSpent: number }[];
    spent: { calls: number };
    savedAs: string;
  };
}

/**
 * Optimize `classify` on 120 sim tests where a role sentence helps (+1.5 logits): one pass of
 * edits, then few-shot, within 600 calls. Deterministic: the sim model and the split are seeded.
 */
export async function createOptimizedProject(): Promise<OptimizedProject> {
  const project = simProject({ settings: { seed: 5, base: 0.35, effects: { role: 1.5 } }, tests: 120 });
  const args = ['optimize', 'classify', '--strategies', 'edits,few-shot', '--budget-calls', '600'];
  const result = await runCli(project.root, [...args, '--iterations', '1', '--json'], ENV);
  if (result.code !== 0) {
    project.cleanup();
    throw new Error(`plume optimize failed: ${result.stderr}`);
  }
  const report = JSON.parse(result.stdout) as OptimizedProject['report'] & { id: string };
  return { project, id: report.id, report };
}
