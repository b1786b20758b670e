import { textSearch } from '../text-search.ts';

/** The output contains at least one of the values. */
export const containsAny = textSearch('any', false);
