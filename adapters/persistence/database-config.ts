/** Where the data lives: a PostgreSQL server, or PostgreSQL embedded in this process (PGlite). */
export type DatabaseConfig =
  | { readonly kind: 'server'; readonly url: string; readonly poolSize: number }
  | { readonly kind: 'embedded'; readonly dataDir: string };
