import { z } from 'zod';
import type { Assertion } from '../../../spec/assertion.ts';
import { configError } from '../assertion-config.ts';
import type { AssertionContext } from '../assertion-context.ts';
import { compileJsonSchema } from '../json/compile-json-schema.ts';
import { argumentsOf, type ToolCall } from './tool-calls.ts';

/** A function a model may call: its name and the JSON Schema of its arguments. */
export interface ToolDeclaration {
  name: string;
  parameters: unknown;
}

const listSchema = z.array(z.unknown());

/**
 * The declarations an assertion gives itself: its `value`, else `config.tools` or
 * `config.functions` (a list); undefined when it gives none (the model's own are used).
 */
export function declaredByAssertion(assertion: Assertion): ToolDeclaration[] | undefined {
  const given = assertion.value ?? assertion.config?.tools ?? assertion.config?.functions;
  if (given === undefined) return undefined;
  const list = listSchema.safeParse(given);
  if (!list.success)
    throw configError(
      `"${assertion.type}": the tools must be a list (OpenAI tools or functions, Anthropic or Google)`,
    );
  return declarationsIn(list.data);
}

/** Declarations in any provider's shape: OpenAI tools and functions, Anthropic tools, Google's functionDeclarations. */
export function declarationsIn(list: readonly unknown[]): ToolDeclaration[] {
  return list.flatMap((item): ToolDeclaration[] => {
    if (item === null || typeof item !== 'object') return [];
    const record = item as Record<string, unknown>;
    if (Array.isArray(record.functionDeclarations)) return declarationsIn(record.functionDeclarations);
    const inner = (record.function ?? record) as Record<string, unknown>;
    if (typeof inner.name !== 'string') return [];
    return [{ name: inner.name, parameters: inner.parameters ?? inner.input_schema ?? inner.inputSchema }];
  });
}

/** The declarations a check validates against: its own, else the model's; undefined when neither has any. */
export function declarationsFor(
  own: ToolDeclaration[] | undefined,
  context: AssertionContext,
): ToolDeclaration[] | undefined {
  if (own) return own;
  return context.tools === undefined ? undefined : declarationsIn(context.tools);
}

export const NO_DECLARATIONS =
  'no tool declarations to check the call against: give the model `tools` (or `functions`) in its config, or the assertion a value';

/** Why a call does not match the declarations; undefined when it does. */
export function callProblem(call: ToolCall, declarations: readonly ToolDeclaration[]): string | undefined {
  const declaration = declarations.find((candidate) => candidate.name === call.name);
  if (!declaration) return `Called "${call.name}", but there is no function with that name`;
  const args = argumentsOf(call);
  if (!args.ok) return `The call to "${call.name}": ${args.error}`;
  if (declaration.parameters === undefined) return undefined;
  const problems = compileJsonSchema(declaration.parameters, 'tool parameters')(args.value);
  return problems.length === 0
    ? undefined
    : `Call to "${call.name}" does not match schema: ${problems.join('; ')}`;
}
