/** Every workload, in the order runs and reports list them. */
import { aggregation } from './aggregation.js';
import { bulkInsert } from './bulk-insert.js';
import { bulkUpdate } from './bulk-update.js';
import { complexJoin } from './complex-join.js';
import { countExists } from './count-exists.js';
import { filterLimit } from './filter-limit.js';
import { largeSelect } from './large-select.js';
import { prefetchRelated } from './prefetch-related.js';
import { simpleSelect } from './simple-select.js';
import type { Workload } from './workload.js';

export const WORKLOADS: readonly Workload[] = [
  simpleSelect,
  filterLimit,
  complexJoin,
  aggregation,
  bulkInsert,
  bulkUpdate,
  prefetchRelated,
  countExists,
  largeSelect,
];

export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((w) => w.name);
