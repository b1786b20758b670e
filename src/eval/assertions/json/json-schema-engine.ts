import { createRequire } from 'node:module';
import type { Ajv as AjvCore, AnySchema, Options, ValidateFunction } from 'ajv';

/** Compiles a schema of one draft into a validator. */
export interface JsonSchemaEngine {
  compile(schema: AnySchema): ValidateFunction;
}

type Draft = '2020-12' | '2019-09' | 'draft-07';
type AjvClass = new (options: Options) => AjvCore;

const require = createRequire(import.meta.url);
const OPTIONS: Options = {
  // Unknown keywords are ignored, as JSON Schema says (suites carry `example`, `title`...).
  strict: false,
  allErrors: true,
  // `required: [toString]` is not met by an inherited property.
  ownProperties: true,
  // No `loadSchema`: a reference outside the schema fails to compile instead of being fetched.
  logger: false,
};
const instances = new Map<Draft, AjvCore>();

/** The engine of the draft a `$schema` names (none: 2020-12); undefined for drafts ajv lacks. */
export function jsonSchemaEngine(declared: unknown): JsonSchemaEngine | undefined {
  const draft = draftOf(declared);
  if (draft === undefined) return undefined;
  return {
    compile(schema) {
      const ajv = instanceFor(draft);
      try {
        return ajv.compile(schema);
      } catch (error) {
        // A failed compile may leave parts of the schema registered: start afresh next time.
        instances.delete(draft);
        throw error;
      } finally {
        // Compiled validators need nothing from the instance: dropping the schema lets another
        // suite reuse its `$id`, and keeps a long-lived plume from accumulating schemas.
        if (typeof schema === 'object' && instances.get(draft) === ajv) ajv.removeSchema(schema);
      }
    },
  };
}

function draftOf(declared: unknown): Draft | undefined {
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return undefined;
  const uri = declared.replace(/#$/, '').replace(/^https:/, 'http:');
  if (uri === 'http://json-schema.org/draft/2020-12/schema') return '2020-12';
  if (uri === 'http://json-schema.org/draft/2019-09/schema') return '2019-09';
  if (uri === 'http://json-schema.org/draft-07/schema' || uri === 'http://json-schema.org/draft-06/schema')
    return 'draft-07';
  return undefined;
}

function instanceFor(draft: Draft): AjvCore {
  let ajv = instances.get(draft);
  if (ajv === undefined) {
    ajv = create(draft);
    instances.set(draft, ajv);
  }
  return ajv;
}

function create(draft: Draft): AjvCore {
  // ajv's modules are CommonJS: required here so their default export needs no interop.
  const Ajv = require(
    draft === '2020-12' ? 'ajv/dist/2020' : draft === '2019-09' ? 'ajv/dist/2019' : 'ajv',
  ) as AjvClass;
  const ajv = new Ajv(OPTIONS);
  if (draft === 'draft-07') ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  const addFormats = require('ajv-formats') as (instance: AjvCore) => AjvCore;
  addFormats(ajv);
  return ajv;
}
