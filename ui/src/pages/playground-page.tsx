import { useState } from 'react';
import { api } from '../api.ts';
import { streamPlayground } from '../stream-playground.ts';
import { useLoad } from '../use-load.ts';

/** Fill a prompt's variables, pick a model, and watch the answer stream in. */
export function PlaygroundPage() {
  const prompts = useLoad(() => api.prompts(), []);
  const [prompt, setPrompt] = useState('');
  const [variables, setVariables] = useState('{\n  \n}');
  const [model, setModel] = useState('echo:default');
  const [answer, setAnswer] = useState('');
  const [figures, setFigures] = useState<Record<string, unknown> | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const names = prompts.data?.prompts?.map((entry) => entry.name) ?? [];
  const run = async () => {
    setAnswer('');
    setFigures(undefined);
    setError(undefined);
    setRunning(true);
    try {
      const vars = JSON.parse(variables || '{}') as Record<string, unknown>;
      const result = await streamPlayground({ prompt: prompt || names[0] || '', vars, model }, (text) =>
        setAnswer((current) => current + text),
      );
      setFigures(result);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setRunning(false);
    }
  };
  const usage = figures?.usage as { inputTokens?: number; outputTokens?: number } | undefined;
  return (
    <>
      <h2>Playground</h2>
      <div className="form">
        <label>
          Prompt
          <select aria-label="prompt" value={prompt} onChange={(event) => setPrompt(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Variables (JSON)
          <textarea
            aria-label="variables"
            value={variables}
            onChange={(event) => setVariables(event.target.value)}
          />
        </label>
        <label>
          Model
          <input aria-label="model" value={model} onChange={(event) => setModel(event.target.value)} />
        </label>
        <button type="button" onClick={run} disabled={running}>
          Run
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <pre data-testid="answer">{answer}</pre>
      {figures && (
        <p data-testid="figures">
          {String(figures.model)} · {usage?.inputTokens ?? '–'} → {usage?.outputTokens ?? '–'} tokens · $
          {Number(figures.costUsd ?? 0).toFixed(5)} · {Number(figures.latencyMs).toFixed(1)} ms
        </p>
      )}
    </>
  );
}
