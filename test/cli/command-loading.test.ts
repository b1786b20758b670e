import { describe, expect, it } from 'vitest';
import { registerEval } from '../../src/cli/commands/eval.ts';
import { COMMAND_MODULES, commandsFor } from '../../src/cli/commands/index.ts';
import { registerRuns } from '../../src/cli/commands/runs.ts';

describe('commandsFor', () => {
  const all = Object.keys(COMMAND_MODULES).length;

  it('loads only the command that argv names, past options and the value of -C', async () => {
    expect(await commandsFor(['-C', 'demo', '--json', 'eval', '--repeat', '3'])).toEqual([registerEval]);
    expect(await commandsFor(['compare', 'a', 'b'])).toEqual([registerRuns]);
  });

  it('loads every command for help, for no command, and for a word that is no command', async () => {
    expect(await commandsFor(['--help'])).toHaveLength(all);
    expect(await commandsFor(['help', 'eval'])).toHaveLength(all);
    expect(await commandsFor([])).toHaveLength(all);
    expect(await commandsFor(['evl'])).toHaveLength(all);
    expect(await commandsFor(['toString'])).toHaveLength(all);
  });
});
