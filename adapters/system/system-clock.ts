import { injectable } from 'inversify';
import type { Clock } from '../../core/shared/clock.js';

@injectable()
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
