/** Result of parsing untrusted JSON: never throws. */
export type JsonResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

export function safeJsonParse<T = unknown>(text: string): JsonResult<T> {
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
