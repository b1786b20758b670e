import { useEffect, useRef, useState } from 'react';

/**
 * Load data when the dependencies change: the value, an error message, or neither while loading.
 * With `keep`, the previous value stays shown while the next one loads (no flicker on refresh).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  dependencies: unknown[],
  options: { keep?: boolean } = {},
): { data?: T; error?: string } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const latest = useRef(load);
  latest.current = load;
  const keep = options.keep ?? false;
  const key = JSON.stringify(dependencies);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's dependencies
  useEffect(() => {
    let current = true;
    if (!keep) setState({});
    latest.current().then(
      (data) => current && setState({ data }),
      (error: Error) => current && setState({ error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
