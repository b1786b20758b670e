import { textSearch } from '../text-search.ts';

/** The output contains every value; the score is the share found. */
export const containsAll = textSearch('all', false);
