const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else cannot exist, and would make PostgreSQL fail the whole query. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
