/** A model as user code sees it: its class, plus the query-set methods `model()` installs on it. */
import type { Fields, Instance, ModelClass } from '../model/model-types.js';
import type { QuerySet } from './query-set.js';

/** The query-set methods available directly on a model: `User.filter(...)` is `User.all().filter(...)`. */
export type ModelManager<F extends Fields> = {
  all(): QuerySet<F, Instance<F>>;
  objects(): QuerySet<F, Instance<F>>;
} & Pick<
  QuerySet<F, Instance<F>>,
  | 'filter' | 'exclude' | 'get' | 'count' | 'exists' | 'first' | 'last' | 'orderBy' | 'limit' | 'offset' | 'only' | 'defer'
  | 'values' | 'valuesList' | 'selectRelated' | 'prefetchRelated' | 'aggregate' | 'annotate' | 'using' | 'distinct'
  | 'create' | 'bulkCreate' | 'bulkUpdate' | 'getOrCreate' | 'updateOrCreate' | 'cache' | 'inBulk'
>;

export type Model<F extends Fields> = ModelClass<F> & ModelManager<F>;
