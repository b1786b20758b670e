import { afterEach, describe, expect, it } from 'vitest';
import { projectSecrets } from '../../src/models/project-secrets.ts';
import { resolveProvider } from '../../src/models/resolve-provider.ts';
import { cleanEnv, testProject } from './test-project.ts';

const LAB = {
  type: 'openai-compatible',
  baseURL: 'http://127.0.0.1:9/v1',
  apiKeyEnv: 'LAB2_CRED',
  headers: { 'X-Lab': { env: 'LAB_HEADER' }, 'X-Team': 'team-written-out', 'X-Other': { env: 'UNSET_VAR' } },
};

let project: ReturnType<typeof testProject> | undefined;
afterEach(() => project?.dispose());

describe('a provider’s credentials', () => {
  it('are its key and every header value, those of { env: NAME } read from the environment', () => {
    project = testProject({ providers: { lab: LAB } });
    const env = cleanEnv({ LAB2_CRED: 'key-value-0001', LAB_HEADER: 'header-value-0002' });
    const lab = resolveProvider(project, env, 'lab');
    expect(lab.headers).toEqual({ 'X-Lab': 'header-value-0002', 'X-Team': 'team-written-out' });
    expect(lab.credentials).toEqual([
      { value: 'key-value-0001', source: 'LAB2_CRED' },
      { value: 'header-value-0002', source: 'LAB_HEADER' },
      { value: 'team-written-out', source: 'providers.lab.headers.X-Team' },
    ]);
    expect(lab.unsetHeaders).toEqual([{ header: 'X-Other', env: 'UNSET_VAR' }]);
  });

  it('of every provider of the project are secrets, an incomplete entry skipped', () => {
    project = testProject({ providers: { lab: LAB, broken: { type: 'openai-compatible' } } });
    const env = cleanEnv({
      LAB2_CRED: 'key-value-0001',
      OPENAI_API_KEY: 'sk-openai-0003',
      PLAIN: 'not-a-secret-0004',
    });
    const secrets = projectSecrets(project, env);
    expect(secrets.redact('key-value-0001 sk-openai-0003 team-written-out not-a-secret-0004')).toBe(
      '[redacted:LAB2_CRED] [redacted:OPENAI_API_KEY] [redacted:providers.lab.headers.X-Team] not-a-secret-0004',
    );
  });
});
