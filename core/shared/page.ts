/** One page of a newest-first listing; `nextCursor` is present while more items remain. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** Where a listing continues: strictly after this item in (createdAt desc, id desc) order. */
export interface Keyset {
  readonly createdAt: Date;
  readonly id: string;
}

export interface PageQuery {
  readonly limit: number;
  readonly after?: Keyset;
}
