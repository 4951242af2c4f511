// The error texts of valyala/fastjson's Parse, which DefraDB uses for document and updater JSON
// (`cannot parse JSON: cannot parse object: …; unparsed tail: "…"`). Only the syntax walk is
// reproduced; values still come from JSON.parse.

const WS = new Set([' ', '\n', '\t', '\r']);

function skipWS(s: string): string {
  let i = 0;
  while (i < s.length && WS.has(s[i]!)) i++;
  return s.slice(i);
}

/** Go's %q for ASCII text (close enough for error messages). */
const quote = (s: string): string => JSON.stringify(s);

/** fastjson's startEndString: long tails keep 40 characters at each end. */
function startEnd(s: string): string {
  return s.length <= 80 ? s : `${s.slice(0, 40)}...${s.slice(-40)}`;
}

class Fail {
  readonly msg: string;
  readonly tail: string;
  constructor(msg: string, tail: string) {
    this.msg = msg;
    this.tail = tail;
  }
}

type Step = string | Fail;

function parseRawString(s: string): Step {
  let from = 0;
  for (;;) {
    const n = s.indexOf('"', from);
    if (n < 0) return new Fail(`missing closing '"'`, '');
    let i = n;
    while (i > 0 && s[i - 1] === '\\') i--;
    if ((n - i) % 2 === 0) return s.slice(n + 1);
    from = n + 1;
  }
}

function parseObject(s: string, depth: number): Step {
  s = skipWS(s);
  if (!s) return new Fail("missing '}'", s);
  if (s[0] === '}') return s.slice(1);
  for (;;) {
    s = skipWS(s);
    if (!s || s[0] !== '"') return new Fail(`cannot find opening '"" for object key`, s);
    const k = parseRawString(s.slice(1));
    if (k instanceof Fail) return new Fail(`cannot parse object key: ${k.msg}`, k.tail);
    s = skipWS(k);
    if (!s || s[0] !== ':') return new Fail("missing ':' after object key", s);
    const v = parseValue(skipWS(s.slice(1)), depth);
    if (v instanceof Fail) return new Fail(`cannot parse object value: ${v.msg}`, v.tail);
    s = skipWS(v);
    if (!s) return new Fail('unexpected end of object', s);
    if (s[0] === ',') { s = s.slice(1); continue; }
    if (s[0] === '}') return s.slice(1);
    return new Fail("missing ',' after object value", s);
  }
}

function parseArray(s: string, depth: number): Step {
  s = skipWS(s);
  if (!s) return new Fail("missing ']'", s);
  if (s[0] === ']') return s.slice(1);
  for (;;) {
    const v = parseValue(skipWS(s), depth);
    if (v instanceof Fail) return new Fail(`cannot parse array value: ${v.msg}`, v.tail);
    s = skipWS(v);
    if (!s) return new Fail('unexpected end of array', s);
    if (s[0] === ',') { s = s.slice(1); continue; }
    if (s[0] === ']') return s.slice(1);
    return new Fail("missing ',' after array value", s);
  }
}

function parseNumber(s: string): Step {
  for (let i = 0; i < s.length; i++) {
    if (/[0-9.eE+-]/.test(s[i]!)) continue;
    if (i === 0 || (i === 1 && (s[0] === '-' || s[0] === '+'))) {
      const xs = s.slice(i, i + 3).toLowerCase();
      if (xs === 'inf' || xs === 'nan') return s.slice(i + 3);
      return new Fail(`unexpected char: ${quote(s[0]!)}`, s);
    }
    return s.slice(i);
  }
  return '';
}

function parseValue(s: string, depth: number): Step {
  if (!s) return new Fail('cannot parse empty string', s);
  if (++depth > 300) return new Fail('too big depth for the nested JSON; it exceeds 300', s);
  switch (s[0]) {
    case '{': {
      const r = parseObject(s.slice(1), depth);
      return r instanceof Fail ? new Fail(`cannot parse object: ${r.msg}`, r.tail) : r;
    }
    case '[': {
      const r = parseArray(s.slice(1), depth);
      return r instanceof Fail ? new Fail(`cannot parse array: ${r.msg}`, r.tail) : r;
    }
    case '"': {
      const r = parseRawString(s.slice(1));
      return r instanceof Fail ? new Fail(`cannot parse string: ${r.msg}`, r.tail) : r;
    }
    case 't': case 'f': case 'n': {
      const word = s[0] === 't' ? 'true' : s[0] === 'f' ? 'false' : 'null';
      if (s.startsWith(word)) return s.slice(word.length);
      if (s[0] === 'n' && s.slice(0, 3).toLowerCase() === 'nan') return s.slice(3);
      return new Fail(`unexpected value found: ${quote(s)}`, s);
    }
  }
  const r = parseNumber(s);
  return r instanceof Fail ? new Fail(`cannot parse number: ${r.msg}`, r.tail) : r;
}

/** The error fastjson.Parse reports for `text`, or undefined when fastjson accepts it. */
export function fastjsonError(text: string): string | undefined {
  const r = parseValue(skipWS(text), 0);
  if (r instanceof Fail) return `cannot parse JSON: ${r.msg}; unparsed tail: ${quote(startEnd(r.tail))}`;
  const tail = skipWS(r);
  return tail ? `unexpected tail: ${quote(startEnd(tail))}` : undefined;
}
