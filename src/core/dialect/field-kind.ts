/** What a model field holds, named independently of any database; each database's codec and DDL spell it. */
export type FieldKind =
  | 'auto'
  | 'bigAuto'
  | 'int'
  | 'bigint'
  | 'float'
  | 'decimal'
  | 'boolean'
  | 'char'
  | 'text'
  | 'datetime'
  | 'date'
  | 'json'
  | 'uuid'
  | 'binary'
  | 'raw'
  | 'foreignKey';
