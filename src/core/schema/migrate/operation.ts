/**
 * Migration operations: defined in the dialect layer (dialect/migration-operation.ts) because the DDL
 * compilers take them; this path is where the services import them from.
 */
export type { MigrationJs, Operation, OperationKind, SqlByDialect, TableOperation } from '../../dialect/migration-operation.js';
