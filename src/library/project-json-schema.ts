import { z } from 'zod';
import { projectConfigSchema, providerConfigSchema } from '../spec/project-config.ts';

/** Where the generated JSON Schema of plume.yaml is committed, relative to the repository root. */
export const PROJECT_SCHEMA_PATH = 'schema/plume.schema.json';

/**
 * The JSON Schema of a project's plume.yaml, for editors (`# yaml-language-server: $schema=…`),
 * as the text committed in schema/plume.schema.json. Generated from the schema plume itself parses
 * the file with, so the two cannot drift apart.
 */
export function projectJsonSchema(): string {
  // Named definitions make the schema readable; a local registry keeps the ids out of zod's global one.
  const names = z.registry<{ id: string }>();
  names.add(providerConfigSchema, { id: 'provider' });
  const schema = z.toJSONSchema(projectConfigSchema, {
    io: 'input',
    target: 'draft-2020-12',
    metadata: names,
    unrepresentable: 'any',
  });
  const document = {
    ...schema,
    title: 'plume project (plume.yaml)',
    description: 'Where prompts live, which models and providers a project uses, and its store.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
