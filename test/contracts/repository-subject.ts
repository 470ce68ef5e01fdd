/** A repository under a port's contract: a fresh, empty one for every test. */
export type FreshRepository<Port> = () => Promise<Port>;

/** Ids as the application makes them (UUIDv7-shaped), numbered for reading: `uuid(3)` sorts after `uuid(2)`. */
export function uuid(n: number): string {
  return `0190d000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Creation times a minute apart, from a fixed morning. */
export function minute(n: number): Date {
  return new Date(Date.UTC(2025, 5, 1, 10, n));
}
