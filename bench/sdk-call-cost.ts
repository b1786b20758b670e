// What one plain call costs plume's process on each way of making it, in CPU (this process only:
// the stub runs in a child), alternated round by round so that a shared machine's swings hit each
// way alike: the AI SDK's generateText over fetch (plume's path for hosted providers before),
// generateText over node:http (httpFetch), the provider's doGenerate over fetch, doGenerate over
// node:http (plume's path now), and the hand-written chat-completions call (openai-compatible).
// Reproduce: node_modules/.bin/node bench/sdk-call-cost.ts [--calls 2000] [--rounds 5] [--type openai]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { generateText } from 'ai';
import { postChatCompletion } from '../src/models/providers/chat-completions.ts';
import { httpFetch } from '../src/models/providers/http-fetch.ts';
import { generateDirect } from '../src/models/providers/sdk-generate.ts';
import { SDK_PROVIDERS } from '../src/models/providers/sdk-providers.ts';
import type { GenerateRequest } from '../src/spec/model.ts';
import type { ProviderType } from '../src/spec/project-config.ts';
import { median } from './eval-bench-kit.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    type: { type: 'string', default: 'openai' },
    serve: { type: 'boolean', default: false },
  },
});

if (values.serve) {
  // The child: the stub, its port sent to the parent.
  const { startOpenAIStubServer } = await import('../test/helpers/openai-stub-server.ts');
  const stub = await startOpenAIStubServer({ recordRequests: false });
  process.send?.(stub.port);
  process.on('disconnect', () => void stub.close().then(() => process.exit(0)));
} else {
  const calls = Number(values.calls);
  const type = values.type as ProviderType;
  const child = fork(import.meta.filename, ['--serve'], { stdio: 'inherit' });
  const [port] = (await once(child, 'message')) as [number];
  const origin = `http://127.0.0.1:${port}`;
  const baseURL = { google: `${origin}/v1beta`, ollama: `${origin}/api` }[type as string] ?? `${origin}/v1`;
  const sdk = SDK_PROVIDERS[type];
  const settings = { name: 'stub', baseURL, apiKey: 'stub', headers: undefined };
  const overFetch = sdk.create(settings)('tiny');
  const overHttp = sdk.create({ ...settings, fetch: httpFetch })('tiny');
  const request = (index: number): GenerateRequest => ({
    messages: [{ role: 'user', content: `Say hello to user-${index}.` }],
    params: { temperature: 0.7, maxTokens: 256 },
  });
  const viaGenerateText = (model: typeof overFetch) => async (index: number) => {
    const { messages, params } = request(index);
    await generateText({
      model,
      messages,
      allowSystemInMessages: true,
      maxRetries: 0,
      temperature: params.temperature,
      maxOutputTokens: params.maxTokens,
      providerOptions: sdk.providerOptions?.(params),
    });
  };
  const viaDirect = (model: typeof overFetch) => async (index: number) => {
    const call = request(index);
    await generateDirect(model, call, sdk.providerOptions?.(call.params), undefined);
  };
  const endpoint = {
    url: `${origin}/v1/chat/completions`,
    headers: { authorization: 'Bearer stub' },
    modelName: 'tiny',
  };
  const ways: Record<string, (index: number) => Promise<void>> = {
    'generateText over fetch': viaGenerateText(overFetch),
    'generateText over node:http': viaGenerateText(overHttp),
    'doGenerate over fetch': viaDirect(overFetch),
    'doGenerate over node:http': viaDirect(overHttp),
    ...(type === 'openai' || type === 'openai-compatible' || type === 'mistral'
      ? {
          'chat-completions by hand': async (index: number) =>
            void (await postChatCompletion(endpoint, request(index), undefined)),
        }
      : {}),
  };
  const timings = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
  const measure = async (call: (index: number) => Promise<void>): Promise<number> => {
    const start = process.cpuUsage();
    // Eight in flight, as a run at concurrency 8 keeps them.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < calls) await call(next++);
      }),
    );
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / calls;
  };
  for (const call of Object.values(ways)) await measure(call); // warm-up: modules, JIT, sockets
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, call] of Object.entries(ways)) timings.get(name)!.push(await measure(call));
  }
  console.log(
    `${type}: CPU per plain call of this process, ${calls} calls × ${values.rounds} rounds, median (min–max)`,
  );
  for (const [name, times] of timings) {
    console.log(
      `  ${name.padEnd(30)} ${median(times).toFixed(3)} ms (${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)})`,
    );
  }
  console.log(
    `reproduce: node_modules/.bin/node bench/sdk-call-cost.ts --calls ${calls} --rounds ${values.rounds} --type ${type}`,
  );
  child.disconnect();
}
