/** Oxen's public API. */
export { model, type ModelOptions } from './core/model/model.js';
export { AutoField, IntField, BigIntField, FloatField, DecimalField } from './core/model/fields/numeric-fields.js';
export { CharField, TextField, UUIDField, BooleanField } from './core/model/fields/text-fields.js';
export { DateTimeField, DateField } from './core/model/fields/temporal-fields.js';
export { JSONField, BinaryField, type JsonValue } from './core/model/fields/data-fields.js';
export { ForeignKey } from './core/model/fields/foreign-key.js';
export { Field, type FieldOptions, type OnDelete } from './core/model/field.js';
export type { Instance, InstanceOf, Model, ModelClass, Row, CreateInput, FilterInput, Fields } from './core/model/model-types.js';
export { QuerySet } from './core/query/query-set.js';
export { Q, q } from './core/query/q.js';
export { F, FExpression, Count, Sum, Avg, Min, Max, Aggregate } from './core/query/expressions.js';
export { connect, disconnect, DEFAULT_PERFORMANCE, type OxenConfig, type PerformanceSettings } from './core/connection/connect.js';
export { getDatabase, listDatabases } from './core/connection/registry.js';
export type { Database } from './core/connection/database.js';
export { transaction, type Transaction, type TransactionOptions } from './core/transaction/transaction.js';
export { onQuery, type QueryEvent } from './core/events.js';
export * from './core/errors.js';
export type { Executor, Statement, QueryResult, ExecResult, PoolStatus, PoolSettings, DialectName, SqlValue } from './core/executor/executor.js';
