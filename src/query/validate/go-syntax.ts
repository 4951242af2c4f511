// graphql-go's wording of parse errors: `Syntax Error GraphQL request (line:column) <description>`.
// An empty selection set (or other `{}`) is reported at its opening brace as
// `Unexpected empty IN {}`, where graphql-js complains about the closing brace.

import { GraphQLError } from 'graphql';

export function goSyntaxMessage(err: unknown, source: string): string | undefined {
  if (!(err instanceof GraphQLError) || !err.message.startsWith('Syntax Error: ')) return undefined;
  const loc = err.locations?.[0];
  if (!loc) return undefined;
  const offset = offsetOf(source, loc.line, loc.column);
  if (source[offset] === '}') {
    let i = offset - 1;
    while (i >= 0 && /[\s,]/.test(source[i]!)) i--;
    if (source[i] === '{') {
      const at = positionOf(source, i);
      return `Syntax Error GraphQL request (${at.line}:${at.column}) Unexpected empty IN {}`;
    }
  }
  const desc = err.message.slice('Syntax Error: '.length).replace(/\.$/, '');
  return `Syntax Error GraphQL request (${loc.line}:${loc.column}) ${desc}`;
}

function offsetOf(source: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', off);
    if (nl < 0) return source.length;
    off = nl + 1;
  }
  return off + column - 1;
}

function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
