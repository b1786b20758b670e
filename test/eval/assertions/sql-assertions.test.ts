import { describe, expect, it } from 'vitest';
import { compileAssertions } from '../../../src/eval/assertions/compile-assertions.ts';
import { check } from './cell-context.ts';

describe('is-sql', () => {
  it('parses the output as MySQL by default', async () => {
    expect((await check({ type: 'is-sql' }, 'SELECT id, name FROM users WHERE id = 1')).pass).toBe(true);
    const bad = await check({ type: 'is-sql' }, 'SELEC id FROM users');
    expect(bad).toMatchObject({ pass: false });
    expect(bad.reason).toContain('does not conform to the provided MySQL database syntax');
    expect((await check({ type: 'not-is-sql' }, 'hello there')).pass).toBe(true);
  });

  it('uses the dialect of databaseType', async () => {
    const postgres = { type: 'is-sql' as const, value: { databaseType: 'PostgresQL' } };
    expect((await check(postgres, 'SELECT id FROM users LIMIT 1 OFFSET 2')).pass).toBe(true);
    expect(() => compileAssertions([{ type: 'is-sql', value: { databaseType: 'Nope' } }])).toThrow(
      /databaseType "Nope"/,
    );
  });

  it('holds the statement to allowed tables and columns', async () => {
    const tables = { type: 'is-sql' as const, value: { allowedTables: ['select::null::users'] } };
    expect((await check(tables, 'SELECT id FROM users')).pass).toBe(true);
    const other = await check(tables, 'SELECT id FROM orders');
    expect(other.pass).toBe(false);
    expect(other.reason).toContain('SQL validation failed');
    const columns = { type: 'is-sql' as const, value: { allowedColumns: ['select::null::id'] } };
    expect((await check(columns, 'SELECT id FROM users')).pass).toBe(true);
    expect((await check(columns, 'SELECT password FROM users')).pass).toBe(false);
  });
});

describe('contains-sql', () => {
  it('checks the fenced SQL of the output, else the whole output', async () => {
    const fenced = 'Here you go:\n```sql\nSELECT id FROM users\n```\nEnjoy.';
    expect((await check({ type: 'contains-sql' }, fenced)).pass).toBe(true);
    expect((await check({ type: 'contains-sql' }, 'SELECT 1')).pass).toBe(true);
    expect((await check({ type: 'contains-sql' }, 'Here you go:\n```sql\nSELEC 1\n```')).pass).toBe(false);
  });
});
