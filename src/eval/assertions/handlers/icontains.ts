import { textSearch } from '../text-search.ts';

/** The output contains the value, ignoring case. */
export const icontains = textSearch('one', true);
