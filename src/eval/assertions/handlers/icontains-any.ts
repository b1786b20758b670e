import { textSearch } from '../text-search.ts';

/** The output contains at least one of the values, ignoring case. */
export const icontainsAny = textSearch('any', true);
