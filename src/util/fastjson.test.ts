import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fastjsonError } from './fastjson.ts';

describe('fastjsonError', () => {
  it('accepts what fastjson accepts', () => {
    for (const t of ['{"a": 1}', ' [1, "x", null, true] ', 'nan', '-Inf']) assert.equal(fastjsonError(t), undefined, t);
  });
  it('words errors as fastjson does', () => {
    assert.equal(fastjsonError(''), 'cannot parse JSON: cannot parse empty string; unparsed tail: ""');
    assert.equal(fastjsonError('{name: "Eric"}'),
      `cannot parse JSON: cannot parse object: cannot find opening '"" for object key; unparsed tail: "name: \\"Eric\\"}"`);
    assert.equal(fastjsonError('[1 2]'), `cannot parse JSON: cannot parse array: missing ',' after array value; unparsed tail: "2]"`);
    assert.equal(fastjsonError('{"a":1} x'), 'unexpected tail: "x"');
    assert.equal(fastjsonError('{"a":1'), 'cannot parse JSON: cannot parse object: unexpected end of object; unparsed tail: ""');
  });
  it('shortens long tails', () => {
    const e = fastjsonError(`{${'x'.repeat(100)}}`)!;
    assert.match(e, /unparsed tail: "x{40}\.\.\.x{39}\}"$/);
  });
});
