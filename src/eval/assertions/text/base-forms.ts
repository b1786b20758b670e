// WordNet's detachment rules (morphy): the endings an inflected form may have, and what replaces them.
const DETACHMENTS: readonly [string, string][] = [
  ['s', ''],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ies', 'y'],
  ['es', 'e'],
  ['es', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  ['er', ''],
  ['est', ''],
  ['er', 'e'],
  ['est', 'e'],
];

/**
 * The word and the base forms WordNet's detachment rules give it (`obeys` → `obey`, `commands` →
 * `command`), for looking a word up in WordNet as NLTK's morphy does; forms WordNet lacks find no
 * synonyms, so no list of exceptions is needed for them to be harmless.
 */
export function baseForms(word: string): string[] {
  const forms = [word];
  for (const [ending, replacement] of DETACHMENTS) {
    if (word.length > ending.length + 1 && word.endsWith(ending)) {
      const form = word.slice(0, -ending.length) + replacement;
      if (!forms.includes(form)) forms.push(form);
    }
  }
  return forms;
}
