/** A hosted service that speaks OpenAI's chat completions API at a known address. */
export interface CompatibleHost {
  baseURL: string;
  /** The variable its key is read from (promptfoo's and the service's own name for it). */
  apiKeyEnv: string;
  description: string;
}

/**
 * OpenAI-compatible services a reference may name without plume.yaml (`groq:llama-3.1-8b-instant`),
 * by the provider names promptfoo gives them. A `providers:` entry of the same name in plume.yaml
 * replaces the built-in one. Their prices are not known to plume: give them under `prices`.
 */
export const COMPATIBLE_HOSTS: Readonly<Record<string, CompatibleHost>> = {
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    description: 'OpenRouter',
  },
  groq: { baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', description: 'Groq' },
  togetherai: {
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnv: 'TOGETHER_API_KEY',
    description: 'Together AI',
  },
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    description: 'DeepSeek',
  },
  fireworks: {
    baseURL: 'https://api.fireworks.ai/inference/v1',
    apiKeyEnv: 'FIREWORKS_API_KEY',
    description: 'Fireworks AI',
  },
  perplexity: {
    baseURL: 'https://api.perplexity.ai',
    apiKeyEnv: 'PERPLEXITY_API_KEY',
    description: 'Perplexity',
  },
  xai: { baseURL: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY', description: 'xAI' },
  cerebras: { baseURL: 'https://api.cerebras.ai/v1', apiKeyEnv: 'CEREBRAS_API_KEY', description: 'Cerebras' },
};

/** The hosted OpenAI-compatible service of that name, if plume knows one. */
export function compatibleHost(name: string): CompatibleHost | undefined {
  return Object.hasOwn(COMPATIBLE_HOSTS, name) ? COMPATIBLE_HOSTS[name] : undefined;
}
