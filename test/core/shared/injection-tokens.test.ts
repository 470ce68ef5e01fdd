import { describe, expect, it } from 'vitest';
import { SUBMISSION_REPOSITORY } from '../../../core/forms/submission-repository.js';
import { CLOCK } from '../../../core/shared/clock.js';
import { ID_GENERATOR } from '../../../core/shared/id-generator.js';
import { USER_REPOSITORY } from '../../../core/users/user-repository.js';
import { VISIT_REPOSITORY } from '../../../core/visits/visit-repository.js';
import { VISITOR_HASH } from '../../../core/visits/visitor-hash.js';

const tokens = [CLOCK, ID_GENERATOR, USER_REPOSITORY, SUBMISSION_REPOSITORY, VISIT_REPOSITORY, VISITOR_HASH];

describe('injection tokens', () => {
  it('gives every port its own token, so no binding can satisfy another port', () => {
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('registers every token globally under a tally name, so two loaded copies of core still agree', () => {
    for (const token of tokens) {
      expect(Symbol.keyFor(token)).toMatch(/^tally\.[A-Z]\w+$/);
      expect(Symbol.for(Symbol.keyFor(token) ?? '')).toBe(token);
    }
  });
});
