// query-relation: a one-to-many relation (Author → Book) with a filter on the child, over
// `books` books spread evenly across `authors` authors.
import type { BenchEnv } from './env.ts';
import type { Result } from './measure.ts';
import { benchQuery, expect } from './query-runner.ts';

const SDL = `
type Author { name: String books: [Book] }
type Book { title: String rating: Float author: Author }
`;

/** Ratings 0.0 … 4.9 in steps of 0.1. */
const rating = (i: number): number => (i % 50) / 10;

async function buildLibrary(env: BenchEnv): Promise<string[]> {
  const { authors, books, batch } = env.sizes;
  await env.db.addSchema(SDL);
  let txn = await env.db.newTxn();
  const authorIDs = await (await txn.getCollectionByName('Author')).createMany(
    Array.from({ length: authors }, (_, i) => ({ name: `author-${i}` })));
  await txn.commit();
  for (let from = 0; from < books; from += batch) {
    txn = await env.db.newTxn();
    const docs = Array.from({ length: Math.min(batch, books - from) }, (_, j) => {
      const i = from + j;
      return { title: `book-${i}`, rating: rating(i), author_id: authorIDs[Math.floor(i / 7) % authors] };
    });
    await (await txn.getCollectionByName('Book')).createMany(docs);
    await txn.commit();
  }
  return authorIDs;
}

export async function queryRelation(env: BenchEnv): Promise<Result> {
  const { authors, books } = env.sizes;
  await buildLibrary(env);
  const target = Math.floor(authors / 3);
  // Books of author `target` are i with floor(i/7) % authors == target; count those rated 4.9.
  let expected = 0;
  for (let i = 0; i < books; i++) if (Math.floor(i / 7) % authors === target && rating(i) >= 4.9) expected++;
  type Rows = { Author: { name: string; books: { title: string }[] }[] };
  return benchQuery(env, {
    name: 'query-relation',
    query: `query { Author(filter: {name: {_eq: "author-${target}"}}) { name books(filter: {rating: {_ge: 4.9}}) { title rating } } }`,
    check: (d) => {
      const rows = (d as Rows).Author;
      expect(rows.length === 1 && rows[0].books.length === expected, `${JSON.stringify(rows).slice(0, 200)} (want ${expected} books)`);
    },
  });
}
