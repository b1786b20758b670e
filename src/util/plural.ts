/** `count` with its noun, singular for exactly one: "1 candidate", "3 candidates", "0 tests". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
