import { z } from 'zod';

// zod compiles each object schema into a function on its first parse (about 1 ms each, some
// 15 ms of a command's start before the first report), which pays back only after thousands of
// parses of that schema. A command parses a handful of configs; a big suite's rows come from JSONL
// or CSV files, whose plain rows skip the schema. Measured: a 10-cell eval 8 ms faster; 10,000
// inline YAML tests parse in 75 ms instead of 55.
z.config({ jitless: true });
