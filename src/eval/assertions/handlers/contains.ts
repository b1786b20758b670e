import { textSearch } from '../text-search.ts';

/** The output contains the value (case-sensitive). */
export const contains = textSearch('one', false);
