import { describe, expect, it } from 'vitest';
import { requireText } from '../../../core/shared/field-rules.js';

describe('requireText', () => {
  it.each([
    ['a NUL character', 'a\0b', 'must not contain the NUL character (U+0000)'],
    ['only a NUL character', '\0', 'must not contain the NUL character (U+0000)'],
    ['a lone high surrogate', 'a\uD800b', 'must be valid Unicode text: it holds a lone surrogate half'],
    ['a lone low surrogate', '\uDC00', 'must be valid Unicode text: it holds a lone surrogate half'],
  ])('refuses text with %s, which PostgreSQL could not store as given', (_case, value, message) => {
    expect(requireText('name', value, 100)).toEqual({ field: 'name', message });
  });

  it.each([
    ['right-to-left text', 'שלום עולם'],
    ['combining marks', 'e\u0301\u0302'],
    ['a surrogate pair (an emoji)', '😀 ok'],
    ['SQL-looking text', "'; drop table users; --"],
    ['HTML-looking text', '<script>alert(1)</script>'],
  ])('accepts %s', (_case, value) => {
    expect(requireText('name', value, 100)).toBeUndefined();
  });
});
