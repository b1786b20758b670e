import { textSearch } from '../text-search.ts';

/** The output contains every value, ignoring case; the score is the share found. */
export const icontainsAll = textSearch('all', true);
