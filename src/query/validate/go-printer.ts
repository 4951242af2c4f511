// Prints a value literal the way graphql-go's printer does (`{a: 1, b: [X, "s"]}`), for the
// `Argument "x" has invalid value …` messages that DefraDB's tests pin.

import { Kind } from 'graphql';
import type { ValueNode } from 'graphql';

export function printGoValue(v: ValueNode | null | undefined): string {
  if (!v) return '<nil>';
  switch (v.kind) {
    case Kind.NULL: return 'null';
    case Kind.INT: case Kind.FLOAT: case Kind.ENUM: return v.value;
    case Kind.BOOLEAN: return String(v.value);
    case Kind.STRING: return JSON.stringify(v.value);
    case Kind.VARIABLE: return `$${v.name.value}`;
    case Kind.LIST: return `[${v.values.map(printGoValue).join(', ')}]`;
    case Kind.OBJECT: return `{${v.fields.map((f) => `${f.name.value}: ${printGoValue(f.value)}`).join(', ')}}`;
  }
}

/** A top-level `null` argument reaches graphql-go's rule as a nil value. */
export function printGoArgument(v: ValueNode): string {
  return v.kind === Kind.NULL ? '<nil>' : printGoValue(v);
}
