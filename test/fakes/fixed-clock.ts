import type { Clock } from '../../core/shared/clock.js';

/** A clock that stands still until a test sets or advances it. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2025-01-15T12:00:00.000Z') {
    this.current = new Date(start);
  }

  /** A fresh Date each call, so a caller that mutates it cannot move the clock. */
  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
