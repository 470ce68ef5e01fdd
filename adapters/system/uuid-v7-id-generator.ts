import { injectable } from 'inversify';
import { v7 } from 'uuid';
import type { IdGenerator } from '../../core/shared/id-generator.js';

/** UUIDv7: time-ordered, so new rows land at the right-hand end of the primary-key index. */
@injectable()
export class UuidV7IdGenerator implements IdGenerator {
  next(): string {
    return v7();
  }
}
