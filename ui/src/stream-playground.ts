import { ApiError } from './api.ts';

/** Run a prompt on a model; calls `onText` for each delta, resolves to the finish event's data. */
export async function streamPlayground(
  body: { prompt: string; vars: Record<string, unknown>; model?: string },
  onText: (text: string) => void,
): Promise<Record<string, unknown>> {
  const response = await fetch('/api/playground/run', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok || response.body === null) {
    const error = await response.json().catch(() => null);
    throw new ApiError(response.status, error?.error?.message ?? response.statusText);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let finish: Record<string, unknown> = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      if (event === 'text') onText(data.text);
      else if (event === 'finish') finish = data;
      else if (event === 'error') throw new ApiError(502, data.message);
      end = buffer.indexOf('\n\n');
    }
  }
  return finish;
}
